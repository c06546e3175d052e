import { ascending, quantile } from '../parity/quantiles.ts';
import type { Route } from '../manifest.ts';
import { mannWhitneyU } from './mann-whitney.ts';
import { proportionGreaterP, wilsonLower } from './proportions.ts';
import type { Observed, RouteWindow, ShadowSample } from './window.ts';

/** What a gate says: advance, roll back, or inconclusive (the rollout holds; `why` says what is missing). */
export type Verdict = 'pass' | 'inconclusive' | 'fail';

export type GateName = 'parity' | 'errors' | 'latency';
export const GATE_NAMES: readonly GateName[] = ['parity', 'errors', 'latency'];

/** Why a gate is inconclusive: too few requests on a side, too little time since the step, or data that neither passes nor fails yet. */
export type Inconclusive = 'too-few-requests' | 'too-little-time' | 'undecided';

export interface GateResult {
  gate: GateName;
  verdict: Verdict;
  /** Set exactly when the verdict is inconclusive. */
  why?: Inconclusive;
  detail: string;
  /** Measured and reported only: its verdict never moves the route (per-gate dry run). */
  dryRun?: true;
}

/** The gates' thresholds (README "Rolling a route out" says why each is what it is). */
export interface GateSettings {
  /** Requests needed on each side before a gate judges at all; below it the gate holds. */
  minRequests: number;
  /** Share of shadowed answers that must agree with the monolith's after noise. */
  minAgreement: number;
  /** How much the function's 5xx share may exceed the monolith's before it can fail (absolute, 0.01 = 1 point). */
  errorMargin: number;
  /** Vargha-Delaney A (probability a function request is slower than a monolith one) from which slowness counts. */
  latencyEffect: number;
  /** How many milliseconds the function's median must exceed the monolith's for slowness to count. */
  latencySlowdownMs: number;
  /** Seconds the window must span before a gate may pass: the first minutes of a step (cold starts, a quiet hour) are not its whole story. */
  minSeconds: number;
  /** Gates measured and reported but never acted on. */
  dryRun: readonly GateName[];
}

export const DEFAULT_GATES: GateSettings = {
  minRequests: 100,
  minAgreement: 0.99,
  errorMargin: 0.01,
  latencyEffect: 0.64,
  latencySlowdownMs: 5,
  minSeconds: 300,
  dryRun: [],
};

/** Significance for the error and latency tests: a 1 % chance that noise alone fails a good function per gate. */
export const ALPHA = 0.01;
/** One-sided 99 % normal quantile, for Wilson's bound on disagreement. */
const Z99 = 2.3263;

const pct = (share: number) => `${(share * 100).toFixed(1)} %`;
const ms = (value: number) => `${value.toFixed(1)} ms`;
const pValue = (p: number) => (p < 0.001 ? p.toExponential(1) : p.toFixed(3));

/** Too few requests to judge: the gate is inconclusive, naming the counts. */
function tooFew(gate: GateName, counts: string, settings: GateSettings): GateResult {
  return { gate, verdict: 'inconclusive', why: 'too-few-requests', detail: `${counts}; ${settings.minRequests} needed on each side before judging` };
}

/**
 * Parity after noise: fails when Wilson's one-sided 99 % lower bound on the
 * disagreement rate is above the tolerance (the function surely disagrees
 * more often than allowed), passes when the observed agreement meets the
 * bar, and holds in between (more requests will tell).
 */
export function parityGate(samples: readonly ShadowSample[], settings: GateSettings): GateResult {
  const n = samples.length;
  if (n < settings.minRequests) return tooFew('parity', `${n} shadowed requests`, settings);
  const differing = samples.filter((s) => !s.agreed).length;
  const agreement = 1 - differing / n;
  const summary = `agreement ${pct(agreement)} after noise (${differing} of ${n} differ; at least ${pct(settings.minAgreement)} needed)`;
  if (wilsonLower(differing, n, Z99) > 1 - settings.minAgreement) return { gate: 'parity', verdict: 'fail', detail: summary };
  if (agreement >= settings.minAgreement) return { gate: 'parity', verdict: 'pass', detail: summary };
  return { gate: 'parity', verdict: 'inconclusive', why: 'undecided', detail: `${summary}: not conclusive yet` };
}

/**
 * 5xx share against the monolith's on the same window: fails when the
 * function's is both larger by more than the margin and significantly so
 * (one-sided two-proportion z-test at ALPHA), so a few unlucky errors on a
 * small sample do not roll a good function back. A monolith with no 5xx at
 * all is the exception: then every function 5xx is a failure the monolith
 * does not have, and it fails. Kayenta passes that case (a zero baseline
 * leaves its test nothing to compare against), and so did this gate: at 1/100
 * against 0/100 the z-test sees noise.
 */
export function errorGate(fn: { errors: number; n: number }, monolith: { errors: number; n: number }, settings: GateSettings): GateResult {
  if (fn.n < settings.minRequests || monolith.n < settings.minRequests) {
    return tooFew('errors', `${fn.n} function and ${monolith.n} monolith requests`, settings);
  }
  const fnShare = fn.errors / fn.n;
  const monolithShare = monolith.errors / monolith.n;
  const p = proportionGreaterP(fn.errors, fn.n, monolith.errors, monolith.n);
  const detail = `5xx function ${pct(fnShare)} (${fn.errors}/${fn.n}) vs monolith ${pct(monolithShare)} (${monolith.errors}/${monolith.n}), p = ${pValue(p)}`;
  if (monolith.errors === 0 && fn.errors > 0) return { gate: 'errors', verdict: 'fail', detail: `${detail}: the monolith answered no 5xx, so each of the function's is new` };
  const worse = fnShare - monolithShare > settings.errorMargin && p < ALPHA;
  return { gate: 'errors', verdict: worse ? 'fail' : 'pass', detail };
}

/**
 * Latency against the monolith's on the same window, Kayenta's way: a
 * one-sided Mann-Whitney U test asks whether the function's latencies tend
 * to be larger. Failing takes significance (p < ALPHA) and a meaningful
 * effect: Vargha-Delaney A at least `latencyEffect` and a median at least
 * `latencySlowdownMs` slower, so a consistent but negligible difference on
 * a large sample does not roll back.
 */
export function latencyGate(fnMs: readonly number[], monolithMs: readonly number[], settings: GateSettings): GateResult {
  if (fnMs.length < settings.minRequests || monolithMs.length < settings.minRequests) {
    return tooFew('latency', `${fnMs.length} function and ${monolithMs.length} monolith latencies`, settings);
  }
  const test = mannWhitneyU(fnMs, monolithMs, 'greater');
  const fnMedian = quantile(ascending(fnMs), 0.5);
  const monolithMedian = quantile(ascending(monolithMs), 0.5);
  const detail = `p50 function ${ms(fnMedian)} vs monolith ${ms(monolithMedian)}; Mann-Whitney p = ${pValue(test.p)} (function slower), A = ${test.effect.toFixed(2)}`;
  const slower = test.p < ALPHA && test.effect >= settings.latencyEffect && fnMedian - monolithMedian >= settings.latencySlowdownMs;
  return { gate: 'latency', verdict: slower ? 'fail' : 'pass', detail };
}

const is5xx = (status: number | null) => status === null || status >= 500;
const errorsOf = (observed: readonly Observed[]) => ({ errors: observed.filter((o) => is5xx(o.status)).length, n: observed.length });

/**
 * The gates for a route's stage on its window. In shadow every request is
 * answered by both sides, so all three read canopy.parity_results (a failed
 * function counts as a 5xx). In canary and live each request reaches one
 * backend: errors and latency come from what the load balancer observed per
 * backend, and parity from shadowed requests when there are enough of them.
 */
export function judge(stage: Route['stage'], window: RouteWindow, settings: GateSettings): GateResult[] {
  return measure(stage, window, settings).map((g) => {
    // Too little time turns a pass into a wait; a fail stands (its test already weighed the sample).
    const early = g.verdict === 'pass' && window.seconds < settings.minSeconds;
    const timed: GateResult = early
      ? { gate: g.gate, verdict: 'inconclusive', why: 'too-little-time', detail: `${g.detail}; the window spans ${Math.floor(window.seconds)} s of the ${settings.minSeconds} s needed before passing` }
      : g;
    return settings.dryRun.includes(g.gate) ? { ...timed, dryRun: true } : timed;
  });
}

function measure(stage: Route['stage'], window: RouteWindow, settings: GateSettings): GateResult[] {
  if (stage === 'shadow') {
    const s = window.shadow;
    return [
      parityGate(s, settings),
      errorGate({ errors: s.filter((r) => is5xx(r.functionStatus)).length, n: s.length }, { errors: s.filter((r) => is5xx(r.monolithStatus)).length, n: s.length }, settings),
      latencyGate(s.flatMap((r) => (r.functionMs === null ? [] : [r.functionMs])), s.map((r) => r.monolithMs), settings),
    ];
  }
  const parity: GateResult =
    window.shadow.length >= settings.minRequests
      ? parityGate(window.shadow, settings)
      : { gate: 'parity', verdict: 'pass', detail: `${window.shadow.length} shadowed requests in the window: judged in shadow, not at this stage` };
  return [parity, errorGate(errorsOf(window.fn), errorsOf(window.monolith), settings), latencyGate(window.fn.map((o) => o.latencyMs), window.monolith.map((o) => o.latencyMs), settings)];
}

/** The gates' joint verdict, dry-run gates left out: any fail fails, else any inconclusive is inconclusive. */
export function overall(results: readonly GateResult[]): Verdict {
  const acting = results.filter((r) => !r.dryRun);
  return acting.some((r) => r.verdict === 'fail') ? 'fail' : acting.some((r) => r.verdict === 'inconclusive') ? 'inconclusive' : 'pass';
}
