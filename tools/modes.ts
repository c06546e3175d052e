/**
 * Route modes and the kill switch: `npm run modes -- list`, `npm run modes --
 * set <route-id> <serve|shadow|bypass> [reason]`, `npm run modes -- sync`
 * (each route to what its manifest stage implies, kill switches kept unless
 * `--force`). Every function instance picks a change up within seconds.
 */
import { fileURLToPath } from 'node:url';
import type postgres from 'postgres';
import { openSql } from '../shared/db.ts';
import { defaultMode, type RouteMode } from '../shared/routing.ts';
import { TOOL_POOLS } from './db-pools.ts';
import { loadManifest, type Manifest } from './manifest.ts';

const MODES: RouteMode[] = ['serve', 'shadow', 'bypass'];

/** Sets one route's mode; returns the previous one (null when none was stored). */
export async function setMode(sql: postgres.Sql, routeId: string, mode: RouteMode, reason: string): Promise<RouteMode | null> {
  const [previous] = await sql<{ mode: RouteMode }[]>`select mode from canopy.route_modes where route_id = ${routeId}`;
  await sql`
    insert into canopy.route_modes (route_id, mode, reason) values (${routeId}, ${mode}, ${reason})
    on conflict (route_id) do update set mode = excluded.mode, reason = excluded.reason, updated_at = now()`;
  return previous?.mode ?? null;
}

/** Stores every route's mode as its stage implies; a route under the kill switch stays bypassed unless forced. */
export async function syncModes(sql: postgres.Sql, manifest: Manifest, force = false): Promise<Array<{ route: string; mode: RouteMode }>> {
  const changed: Array<{ route: string; mode: RouteMode }> = [];
  for (const route of manifest.routes) {
    const mode = defaultMode(route.stage);
    const [stored] = await sql<{ mode: RouteMode; reason: string }[]>`select mode, reason from canopy.route_modes where route_id = ${route.id}`;
    if (stored?.mode === mode || (stored?.mode === 'bypass' && stored.reason.startsWith('kill switch') && !force)) continue;
    await setMode(sql, route.id, mode, `stage ${route.stage}`);
    changed.push({ route: route.id, mode });
  }
  return changed;
}

async function main(args: string[]): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: point it at the monolith\'s PostgreSQL');
  const manifest = loadManifest();
  const sql = openSql(url, { max: TOOL_POOLS.modes });
  try {
    const [command, routeId, mode, ...reason] = args;
    if (command === 'set') {
      if (!manifest.routes.some((r) => r.id === routeId)) throw new Error(`no route "${routeId}" in the manifest (${manifest.routes.map((r) => r.id).join(', ')})`);
      if (!MODES.includes(mode as RouteMode)) throw new Error(`mode must be one of ${MODES.join(', ')}`);
      const previous = await setMode(sql, routeId!, mode as RouteMode, reason.join(' ') || (mode === 'bypass' ? 'kill switch' : 'manual'));
      console.log(`${routeId}: ${previous ?? '(stage default)'} -> ${mode}`);
    } else if (command === 'sync') {
      for (const c of await syncModes(sql, manifest, args.includes('--force'))) console.log(`${c.route} -> ${c.mode}`);
    } else if (command === 'list' || command === undefined) {
      const stored = new Map((await sql<{ route_id: string; mode: RouteMode; reason: string }[]>`select * from canopy.route_modes`).map((r) => [r.route_id, r]));
      for (const r of manifest.routes) {
        const row = stored.get(r.id);
        console.log(`${r.id.padEnd(20)} stage ${r.stage.padEnd(7)} mode ${(row?.mode ?? defaultMode(r.stage)).padEnd(7)} ${row?.reason ?? '(stage default)'}`);
      }
    } else {
      throw new Error('usage: npm run modes -- [list | set <route-id> <serve|shadow|bypass> [reason] | sync [--force]]');
    }
  } finally {
    await sql.end({ timeout: 1 });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error: Error) => {
    console.error(`canopy modes: ${error.message}`);
    process.exit(1);
  });
}
