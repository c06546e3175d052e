/**
 * A function with a planted behaviour difference (the email upper-cased on
 * /api/users/me/) in shadow: parity catches it, and the rollout rolls back
 * by itself: the kill switch first (every instance bypasses within
 * seconds), then the route off in the manifest (a copy; infra/routes.json is
 * never touched).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODE_REFRESH_MS } from '../../shared/modes/store.ts';
import { buildFunction, DIST } from '../../tools/build.ts';
import { loadManifest } from '../../tools/manifest.ts';
import { setMode } from '../../tools/modes.ts';
import { DEFAULT_GATES } from '../../tools/rollout/gates.ts';
import { apply, decide, evaluate, type RolloutSettings } from '../../tools/rollout/step.ts';
import { startFunction } from '../../tools/stack/functions.ts';
import { DEV_SECRET_KEY } from '../../tools/stack/monolith.ts';
import { freePort } from '../../tools/stack/ports.ts';
import type { Service } from '../../tools/stack/processes.ts';
import { send } from '../support/http.ts';
import { startWorld, type World } from '../support/world.ts';
import { changedLines, eventually, manifestCopy } from './support.ts';
import { tokenHeader } from '../../tools/seed-credentials.ts';

let world: World;
let planted: Service;
const plantedDir = join(DIST, '..', 'fixtures', `planted-users-rollback-${process.pid}`);
const manifest = manifestCopy({ 'users-me': { stage: 'shadow', weight: 1000 } });
const settings: RolloutSettings = { manifestPath: manifest.path, windowSeconds: 600, gates: { ...DEFAULT_GATES, minRequests: 30, minSeconds: 0 }, spareRps: undefined, onFail: 'rollback' };
const asAlice = tokenHeader('alice');
const parityCount = async () => (await world.sql<{ n: number }[]>`select count(*)::int as n from canopy.parity_results where route_id = 'users-me'`)[0]!.n;

beforeAll(async () => {
  world = await startWorld([]);
  await buildFunction('users', 'test/fixtures/planted-users/index.ts', undefined, plantedDir);
  planted = await startFunction('users', { databaseUrl: world.databaseUrl, secretKey: DEV_SECRET_KEY, extra: { MONOLITH_URL: world.monolith.url } }, { port: await freePort(), dir: plantedDir });
});

afterAll(async () => {
  await planted?.stop();
  await world?.stop();
  manifest.remove();
  rmSync(plantedDir, { recursive: true, force: true });
});

describe('a rollout of a function that differs', () => {
  it('fails the parity gate in shadow and rolls back by itself: kill switch, then off in the manifest', async () => {
    await setMode(world.sql, 'users-me', 'shadow', 'stage shadow');
    await new Promise((r) => setTimeout(r, MODE_REFRESH_MS + 500)); // every instance has read the mode
    for (let i = 0; i < 40; i++) {
      const res = await send(planted.url, { path: '/api/users/me/', headers: asAlice });
      expect(JSON.parse(res.body.toString()).email).toBe('alice@example.com'); // shadow: clients get Django's answer
    }
    expect(await eventually(async () => (await parityCount()) >= 40, 10_000)).toBe(true);

    const before = manifest.text();
    const evaluation = await evaluate(world.sql, settings, 'users-me');
    const parity = evaluation.gates.find((g) => g.gate === 'parity')!;
    expect(parity.verdict).toBe('fail');
    expect(parity.detail).toContain('agreement 0.0 % after noise');
    const decision = decide(evaluation, settings);
    expect(decision).toMatchObject({ action: 'rollback', to: { stage: 'off', weight: 0 } });

    const commit = await apply(world.sql, settings, evaluation, decision);
    expect(commit).toMatch(/^git commit -m 'rollback: users-me shadow -> off \(parity failed\)' -- /);

    const [mode] = await world.sql<{ mode: string; reason: string }[]>`select mode, reason from canopy.route_modes where route_id = 'users-me'`;
    expect(mode!.mode).toBe('bypass');
    expect(mode!.reason).toMatch(/^kill switch: rollout failed at shadow: parity: agreement 0\.0 %/);
    expect(loadManifest(manifest.path).routes.find((r) => r.id === 'users-me')).toMatchObject({ stage: 'off', weight: 0 });
    expect(changedLines(before, manifest.text())).toEqual([
      ['      "stage": "shadow",', '      "stage": "off",'],
      ['      "weight": 1000,', '      "weight": 0,'],
    ]);

    // Bypassed within the refresh interval: the monolith answers and nothing is shadowed any more.
    await new Promise((r) => setTimeout(r, MODE_REFRESH_MS + 500));
    const settled = await parityCount();
    for (let i = 0; i < 5; i++) expect((await send(planted.url, { path: '/api/users/me/', headers: asAlice })).headers.server).toEqual(['gunicorn']);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await parityCount()).toBe(settled);
  });

  it('refuses to advance a route under the kill switch, and starts it again from off only at shadow', async () => {
    // At off the kill switch is what the stage means anyway; the next step is shadow, which clears it.
    const atOff = await evaluate(world.sql, settings, 'users-me');
    expect(decide(atOff, settings)).toMatchObject({ action: 'advance', to: { stage: 'shadow', weight: 1000 } });
    const shadowCopy = manifestCopy({ 'users-me': { stage: 'shadow', weight: 1000 } });
    try {
      const atShadow = { ...settings, manifestPath: shadowCopy.path };
      const decision = decide(await evaluate(world.sql, atShadow, 'users-me'), atShadow);
      expect(decision.action).toBe('refuse');
      expect(decision.action === 'refuse' && decision.reason).toContain('is under the kill switch');
    } finally {
      shadowCopy.remove();
    }
  });
});
