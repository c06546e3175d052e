/**
 * The real users function in shadow, with enough traffic, passes every gate
 * and `npm run rollout` moves it to canary 1 %: the manifest copy changes by
 * two lines, the tool prints the commit it suggests, and the stage's mode
 * follows once the manifest is applied (as the local stack does on reload).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODE_REFRESH_MS } from '../../shared/modes/store.ts';
import { loadManifest } from '../../tools/manifest.ts';
import { setMode, syncModes } from '../../tools/modes.ts';
import { DEFAULT_GATES } from '../../tools/rollout/gates.ts';
import { decide, evaluate } from '../../tools/rollout/step.ts';
import { send } from '../support/http.ts';
import { startWorld, type World } from '../support/world.ts';
import { changedLines, eventually, manifestCopy } from './support.ts';
import { SEED_TOKENS } from '../../tools/seed-credentials.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);
let world: World;
const manifest = manifestCopy({ 'users-detail': { stage: 'shadow', weight: 1000 } });

/** `npm run rollout -- <args>` against this world's database. */
function rollout(...args: string[]) {
  return run(`${ROOT}node_modules/.bin/tsx`, ['tools/rollout/main.ts', ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: world.databaseUrl } }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout + error.stderr }),
  );
}

beforeAll(async () => {
  world = await startWorld(['users']);
});

afterAll(async () => {
  await world?.stop();
  manifest.remove();
});

describe('a rollout of a healthy function', () => {
  it('passes shadow with enough traffic and steps to canary 1 %', async () => {
    await setMode(world.sql, 'users-detail', 'shadow', 'stage shadow');
    await new Promise((r) => setTimeout(r, MODE_REFRESH_MS + 500));
    // Customers reading themselves and others (404), staff reading anyone.
    const requests = Array.from({ length: 60 }, (_, i) =>
      i % 3 === 2 ? { token: SEED_TOKENS.admin, id: (i % 14) + 1 } : { token: SEED_TOKENS[i % 2 ? 'alice' : 'bob'], id: (i % 4) + 1 },
    );
    for (const r of requests) {
      const res = await send(world.functions.users!.url, { path: `/api/users/${r.id}/`, headers: { Authorization: `Token ${r.token}` } });
      expect([200, 404]).toContain(res.status);
    }
    const recorded = async () => (await world.sql<{ n: number }[]>`select count(*)::int as n from canopy.parity_results where route_id = 'users-detail'`)[0]!.n;
    expect(await eventually(async () => (await recorded()) >= 60, 10_000)).toBe(true);

    const before = manifest.text();
    const result = await rollout('users-detail', '--manifest', manifest.path, '--min-requests', '50', '--min-time', '0s');
    expect(result.stdout).toMatch(/parity\s+pass\s+agreement 100\.0 % after noise \(0 of 60 differ/);
    expect(result.stdout).toMatch(/errors\s+pass/);
    expect(result.stdout).toMatch(/latency\s+pass/);
    expect(result.stdout).toContain('advance: shadow -> canary 1 % (10/1000)');
    expect(result.stdout).toContain(`commit it: git commit -m 'rollout: users-detail shadow -> canary 1 % (10/1000)' -- '${manifest.path}'`);
    expect(result.code).toBe(0);
    expect(changedLines(before, manifest.text())).toEqual([
      ['      "stage": "shadow",', '      "stage": "canary",'],
      ['      "weight": 1000,', '      "weight": 10,'],
    ]);

    // Until the manifest is applied the function still shadows: the next call holds instead of judging.
    const settings = { manifestPath: manifest.path, windowSeconds: 600, gates: { ...DEFAULT_GATES, minRequests: 50, minSeconds: 0 }, spareRps: undefined, onFail: 'rollback' as const };
    const pending = decide(await evaluate(world.sql, settings, 'users-detail'), settings);
    expect(pending.action).toBe('hold');
    expect(pending.action === 'hold' && pending.reason).toContain('has not taken effect yet');
    await syncModes(world.sql, loadManifest(manifest.path));
    const [mode] = await world.sql<{ mode: string }[]>`select mode from canopy.route_modes where route_id = 'users-detail'`;
    expect(mode!.mode).toBe('serve');
  });

  it('says what to do about an unknown route and an unreachable database, in one line', async () => {
    const unknown = await rollout('users-nope', '--manifest', manifest.path);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout.trim()).toMatch(/^canopy rollout: bad routes manifest: no route "users-nope" in .* \(routes: users-me, users-detail, /);
    const down = await run(`${ROOT}node_modules/.bin/tsx`, ['tools/rollout/main.ts', 'users-me'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: 'postgres://u:p@127.0.0.1:9/none' } }).catch((e: { code: number; stderr: string }) => e);
    expect((down as { code: number }).code).toBe(1);
    expect((down as { stderr: string }).stderr.trim().split('\n')).toHaveLength(1);
    expect((down as { stderr: string }).stderr).toContain('cannot reach PostgreSQL at 127.0.0.1:9, database none');
  });
});
