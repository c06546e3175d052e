/**
 * `npm run kill -- <route-id> [reason]`: the kill switch in one command, for
 * an incident. Sends every request of the route to the monolith within
 * MODE_REFRESH_MS (every function instance re-reads canopy.route_modes), with
 * no deploy and no load-balancer change. Reads DATABASE_URL (production: the
 * Cloud SQL socket form, through infra/deploy/cloud-sql.sh), else the local
 * stack's database. Undo: npm run modes -- set <route-id> <serve|shadow>.
 */
import { fileURLToPath } from 'node:url';
import { MODE_REFRESH_MS } from '../shared/modes/store.ts';
import { loadManifest } from './manifest.ts';
import { setMode } from './modes.ts';
import { databaseUrl, openDatabase } from './rollout/stack-file.ts';

/** Flips the route's kill switch; returns the line to print. Throws one line for an unknown route. */
export async function kill(url: string, routeId: string | undefined, reason: string, manifestPath?: string): Promise<string> {
  const ids = loadManifest(manifestPath).routes.map((r) => r.id);
  if (!routeId || !ids.includes(routeId)) throw new Error(`usage: npm run kill -- <route-id> [reason]; routes: ${ids.join(', ')}`);
  const sql = await openDatabase(url);
  try {
    const previous = await setMode(sql, routeId, 'bypass', `kill switch: ${reason}`.slice(0, 500));
    return `${routeId}: ${previous ?? '(stage default)'} -> bypass; every instance sends it to the monolith within ${MODE_REFRESH_MS / 1000} s. Undo: npm run modes -- set ${routeId} serve`;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [routeId, ...reason] = process.argv.slice(2);
  kill(databaseUrl(), routeId, reason.join(' ') || `npm run kill by ${process.env.USER ?? 'an operator'}`).then(
    (line) => console.log(line),
    (error: Error) => {
      console.error(`canopy kill: ${error.message}`);
      process.exit(1);
    },
  );
}
