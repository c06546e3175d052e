import { describe, expect, it } from 'vitest';
import { loadManifest, type Route } from '../manifest.ts';
import { DEFAULT_GATES, overall, type GateResult } from './gates.ts';
import { decide, type Evaluation, type RolloutSettings } from './step.ts';
import type { RouteWindow } from './window.ts';

const settings = (spareRps?: number, onFail: RolloutSettings['onFail'] = 'rollback'): RolloutSettings => ({ manifestPath: 'unused', windowSeconds: 900, gates: DEFAULT_GATES, spareRps, onFail });
const pass: GateResult[] = [
  { gate: 'parity', verdict: 'pass', detail: '' },
  { gate: 'errors', verdict: 'pass', detail: '' },
  { gate: 'latency', verdict: 'pass', detail: '' },
];

function evaluation(stage: Route['stage'], weight: number, over: { gates?: GateResult[]; window?: Partial<RouteWindow> } = {}): Evaluation {
  const route = { ...loadManifest().routes[0]!, stage, weight };
  const gates = over.gates ?? pass;
  const window: RouteWindow = { start: new Date(), seconds: 60, mode: null, shadow: [], fn: [], monolith: [], requests: 3000, ...over.window };
  return { route, position: { stage, weight }, window, gates, verdict: overall(gates) };
}

describe('decide', () => {
  it('advances when every gate passes', () => {
    expect(decide(evaluation('canary', 50), settings())).toMatchObject({ action: 'advance', to: { stage: 'canary', weight: 250 } });
  });

  it('applies the capacity rule past 25 %: 3000 requests in 60 s is 50 req/s coming back on a rollback', () => {
    expect(decide(evaluation('canary', 250), settings())).toMatchObject({ action: 'refuse' });
    expect(decide(evaluation('canary', 250), settings(40))).toMatchObject({ action: 'refuse', reason: expect.stringContaining('50.0 req/s') });
    expect(decide(evaluation('canary', 250), settings(60))).toMatchObject({ action: 'advance', to: { stage: 'live', weight: 1000 } });
  });

  it('rolls back to off on any failed gate, saying which', () => {
    const gates: GateResult[] = [...pass.slice(0, 2), { gate: 'latency', verdict: 'fail', detail: 'function slower' }];
    expect(decide(evaluation('canary', 10, { gates }), settings())).toEqual({ action: 'rollback', to: { stage: 'off', weight: 0 }, reason: 'latency: function slower' });
    expect(decide(evaluation('live', 1000, { gates }), settings())).toMatchObject({ action: 'rollback' });
  });

  it('holds on an inconclusive gate, saying why, but live has nothing to wait for', () => {
    const gates: GateResult[] = [...pass.slice(0, 2), { gate: 'latency', verdict: 'inconclusive', why: 'too-few-requests', detail: 'too few' }];
    expect(decide(evaluation('canary', 10, { gates }), settings())).toMatchObject({ action: 'hold', reason: 'latency: inconclusive, too-few-requests: too few' });
    expect(decide(evaluation('live', 1000, { gates }), settings())).toMatchObject({ action: 'none' });
  });

  it('pauses instead of rolling back when the rollout says so', () => {
    const gates: GateResult[] = [...pass.slice(0, 2), { gate: 'latency', verdict: 'fail', detail: 'function slower' }];
    expect(decide(evaluation('canary', 50, { gates }), settings(undefined, 'pause'))).toEqual({ action: 'pause', reason: 'latency: function slower' });
  });

  it('measures a dry-run gate but never acts on it', () => {
    const failing: GateResult[] = [...pass.slice(0, 2), { gate: 'latency', verdict: 'fail', detail: 'function slower', dryRun: true }];
    expect(decide(evaluation('canary', 10, { gates: failing }), settings())).toMatchObject({ action: 'advance', to: { stage: 'canary', weight: 50 } });
    const waiting: GateResult[] = [...pass.slice(0, 2), { gate: 'latency', verdict: 'inconclusive', why: 'too-few-requests', detail: 'too few', dryRun: true }];
    expect(decide(evaluation('canary', 10, { gates: waiting }), settings())).toMatchObject({ action: 'advance' });
  });

  it('refuses under the kill switch and holds until a step has taken effect', () => {
    const killed = evaluation('canary', 50, { gates: [], window: { mode: { mode: 'bypass', reason: 'kill switch: dashboard' } } });
    expect(decide(killed, settings())).toMatchObject({ action: 'refuse', reason: expect.stringContaining('under the kill switch (kill switch: dashboard)') });
    const pending = evaluation('canary', 10, { gates: [], window: { mode: { mode: 'shadow', reason: 'stage shadow' } } });
    expect(decide(pending, settings())).toMatchObject({ action: 'hold', reason: expect.stringContaining('has not taken effect yet') });
  });

  it('starts a route at off with shadow, with nothing to judge', () => {
    expect(decide(evaluation('off', 0, { gates: [], window: { mode: { mode: 'bypass', reason: 'kill switch: rollout failed' } } }), settings())).toMatchObject({ action: 'advance', to: { stage: 'shadow', weight: 1000 } });
  });
});
