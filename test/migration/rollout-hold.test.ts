/**
 * At 1 % a route sees few function requests: the gates must hold, not pass,
 * until each side has the minimum sample. Traffic goes through the real
 * local load balancer (canary weight 10 of 1000), whose observations the
 * gates read.
 */
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadManifest } from '../../tools/manifest.ts';
import { setMode } from '../../tools/modes.ts';
import { DEFAULT_GATES } from '../../tools/rollout/gates.ts';
import { apply, decide, evaluate, type RolloutSettings } from '../../tools/rollout/step.ts';
import { BACKEND_HEADER, startLoadBalancer } from '../../tools/stack/load-balancer.ts';
import { observationSink } from '../../tools/stack/observations.ts';
import { freePort } from '../../tools/stack/ports.ts';
import { send } from '../support/http.ts';
import { startWorld, type World } from '../support/world.ts';
import { manifestCopy } from './support.ts';

let world: World;
let lb: Server;
let sink: ReturnType<typeof observationSink>;
let lbUrl: string;
const manifest = manifestCopy({ 'users-me': { stage: 'canary', weight: 10 } });
const MIN = 50;
const settings = (minRequests: number): RolloutSettings => ({
  manifestPath: manifest.path,
  windowSeconds: 600,
  gates: { ...DEFAULT_GATES, minRequests, minSeconds: 0 },
  spareRps: undefined,
  onFail: 'rollback',
});

beforeAll(async () => {
  world = await startWorld(['users']);
  sink = observationSink(world.sql);
  const port = await freePort();
  lb = await startLoadBalancer(loadManifest(manifest.path), { monolith: world.monolith.url, functions: { users: world.functions.users!.url } }, port, sink.observe);
  lbUrl = `http://127.0.0.1:${port}`;
  await setMode(world.sql, 'users-me', 'serve', 'stage canary');
});

afterAll(async () => {
  lb?.close();
  await sink?.stop();
  await world?.stop();
  manifest.remove();
});

describe('rollout gates at 1 %', () => {
  it('hold with too few function requests instead of passing, and change nothing', async () => {
    // At least 150 requests, and on until the function has answered one (at 1 %, ~100 expected; bounded).
    // Without a credential: a signed-in client stays on its cohort's side, only these are split per request.
    let toFunction = 0;
    for (let sent = 0; sent < 2000 && (sent < 150 || toFunction === 0); sent++) {
      const res = await send(lbUrl, { path: '/api/users/me/' });
      expect(res.status).toBe(403);
      if (res.headers[BACKEND_HEADER]?.[0] === 'users') toFunction++;
    }
    await sink.stop(); // flush what the load balancer observed

    const before = manifest.text();
    const evaluation = await evaluate(world.sql, settings(MIN), 'users-me');
    expect(evaluation.window.fn.length).toBe(toFunction);
    expect(evaluation.window.fn.length).toBeLessThan(MIN);
    expect(evaluation.window.monolith.length).toBeGreaterThanOrEqual(MIN);
    const decision = decide(evaluation, settings(MIN));
    expect(decision.action).toBe('hold');
    expect(evaluation.gates.find((g) => g.gate === 'errors')).toMatchObject({ verdict: 'inconclusive', why: 'too-few-requests' });
    expect(evaluation.gates.find((g) => g.gate === 'latency')).toMatchObject({ verdict: 'inconclusive', why: 'too-few-requests' });
    expect(decision.action === 'hold' && decision.reason).toContain(`${toFunction} function and`);

    expect(await apply(world.sql, settings(MIN), evaluation, decision)).toBeNull();
    expect(manifest.text()).toBe(before);
    const [mode] = await world.sql<{ mode: string }[]>`select mode from canopy.route_modes where route_id = 'users-me'`;
    expect(mode!.mode).toBe('serve');

    // The same window with no minimum would have advanced: the hold is the minimum's doing.
    expect(decide(await evaluate(world.sql, settings(1), 'users-me'), settings(1))).toMatchObject({ action: 'advance', to: { stage: 'canary', weight: 50 } });
  });
});
