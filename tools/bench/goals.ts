import type { ColdStartResult } from './cold-start.ts';
import type { ComparedRun, ComparisonResult } from './comparison.ts';
import type { ContentionResult } from './contention.ts';
import type { MixedResult } from './mixed.ts';
import { ms, percent, rps, times } from './format.ts';
import type { RunResult } from './run.ts';

/** One of the issue's goals: met (PASS), missed (MISS), or not measured (null, with the reason in `figure`). */
export interface Goal {
  goal: string;
  figure: string;
  pass: boolean | null;
}

const COLD_START_MAX_MS = 100;
const USERS_THROUGHPUT_MIN = 3;
const USERS_P99_MAX = 1 / 3;
const LOGIN_LIMIT_MIN_PERCENT = 85;
const SESSION_P99_GAIN_MIN = 5;
const ORDERS_LIST_THROUGHPUT_MIN = 3;
const PLACEMENT_THROUGHPUT_MIN = 20;
const PLACEMENT_P99_GAIN_MIN = 10;
const MIXED_P99_GAIN_MIN = 10;

// Goals are judged at the highest concurrency measured.
function highest(result: ComparisonResult | undefined): ComparedRun | undefined {
  return result?.runs.length ? result.runs.reduce((a, b) => (b.concurrency > a.concurrency ? b : a)) : undefined;
}

// A throughput goal read on a busy shared machine says so.
function noise(run: RunResult): string {
  return `; other processes took ${percent(run.usage.othersPercent)} of the machine`;
}

function notMeasured(goal: string, why: string | null): Goal {
  return { goal, figure: `not measured: ${why ?? 'no run'}`, pass: null };
}

/** Checks the issue's goals against the figures; a MISS is reported, never fatal. */
export function evaluateGoals(input: { coldStarts: ColdStartResult[]; scenarios: ComparisonResult[]; contention: ContentionResult[]; mixed?: MixedResult[] }): Goal[] {
  const goals: Goal[] = [];
  for (const c of input.coldStarts.filter((c) => c.runtime === 'minimal')) {
    const goal = `${c.target} cold start median <= ${COLD_START_MAX_MS} ms`;
    goals.push(c.ms ? { goal, figure: `${ms(c.ms.median)} ms (gunicorn+Django: ${ms(input.coldStarts.find((m) => m.target === 'monolith')?.ms?.median)} ms)`, pass: c.ms.median <= COLD_START_MAX_MS } : notMeasured(goal, c.skipped));
  }

  const users = input.scenarios.find((s) => s.id === 'users-detail');
  const usersTop = highest(users);
  const usersGoal = `users detail >= ${USERS_THROUGHPUT_MIN}x monolith throughput and <= 1/3 of its p99 at concurrency ${usersTop?.concurrency ?? 64}`;
  if (usersTop) {
    const { throughput, p99 } = usersTop.ratios;
    goals.push({
      goal: usersGoal,
      figure: `${times(throughput)} (${rps(usersTop.fn.throughput)} vs ${rps(usersTop.monolith.throughput)} req/s), p99 ${times(p99)} (${ms(usersTop.fn.latency.p99)} vs ${ms(usersTop.monolith.latency.p99)} ms)${noise(usersTop.fn)}`,
      pass: throughput !== null && p99 !== null && throughput >= USERS_THROUGHPUT_MIN && p99 <= USERS_P99_MAX,
    });
  } else goals.push(notMeasured(usersGoal, users?.skipped ?? null));

  const login = input.scenarios.find((s) => s.id === 'login');
  const loginTop = highest(login);
  const loginGoal = `login throughput >= ${LOGIN_LIMIT_MIN_PERCENT} % of the machine's limit`;
  if (loginTop?.ofHashLimit) {
    goals.push({
      goal: loginGoal,
      figure: `${percent(loginTop.ofHashLimit.fn)} at concurrency ${loginTop.concurrency} (${rps(loginTop.fn.throughput)} logins/s; monolith ${percent(loginTop.ofHashLimit.monolith)})${noise(loginTop.fn)}`,
      pass: loginTop.ofHashLimit.fn >= LOGIN_LIMIT_MIN_PERCENT,
    });
  } else goals.push(notMeasured(loginGoal, login?.skipped ?? null));

  const session = input.contention.find((c) => c.id === 'session-under-logins');
  const sessionGoal = `session p99 under login saturation >= ${SESSION_P99_GAIN_MIN}x lower than the monolith's`;
  if (session?.sides) {
    const gain = session.sides.monolith.measured.latency.p99 / session.sides.fn.measured.latency.p99;
    goals.push({
      goal: sessionGoal,
      figure: `${times(gain)} lower (${ms(session.sides.fn.measured.latency.p99)} vs ${ms(session.sides.monolith.measured.latency.p99)} ms)`,
      pass: Number.isFinite(gain) && gain >= SESSION_P99_GAIN_MIN,
    });
  } else goals.push(notMeasured(sessionGoal, session?.skipped ?? null));

  goals.push(throughputGoal(input.scenarios, 'orders-list', 'orders list', ORDERS_LIST_THROUGHPUT_MIN));
  goals.push(throughputGoal(input.scenarios, 'order-placement', 'order placement', PLACEMENT_THROUGHPUT_MIN));

  const placement = input.scenarios.find((s) => s.id === 'order-placement');
  const offered = placement?.offered;
  const offeredGoal = `order placement p99 >= ${PLACEMENT_P99_GAIN_MIN}x lower than the monolith's at ${percent(100 * (offered?.fraction ?? 0.9))} of its best throughput, open loop`;
  if (offered) {
    const gain = offered.monolith.latency.p99 / offered.fn.latency.p99;
    const errors = offered.monolith.non2xx + offered.monolith.socketErrors + offered.fn.non2xx + offered.fn.socketErrors;
    goals.push({
      goal: offeredGoal,
      figure: `${times(gain)} lower (${ms(offered.fn.latency.p99)} vs ${ms(offered.monolith.latency.p99)} ms) at ${rps(offered.ratePerSecond)} req/s offered (monolith best ${rps(offered.monolithMax.throughput)} req/s at concurrency ${offered.monolithMax.concurrency})${errors ? `; ${errors} non-2xx or socket errors` : ''}${noise(offered.fn)}`,
      pass: Number.isFinite(gain) && gain >= PLACEMENT_P99_GAIN_MIN,
    });
  } else goals.push(notMeasured(offeredGoal, placement?.skipped ?? (placement ? 'no monolith throughput to offer a share of' : null)));

  const mixed = input.mixed?.find((m) => m.id === 'mixed');
  const mixedGoal = `mixed traffic: migrated routes' p99 >= ${MIXED_P99_GAIN_MIN}x lower after migration than before, same offered load`;
  if (mixed?.before && mixed.after) {
    const gain = mixed.before.migrated.latency.p99 / mixed.after.migrated.latency.p99;
    const monolithOnly = Object.entries(mixed.after.byLabel).filter(([label]) => !mixed.mix.find((e) => e.label === label)?.migrated);
    const others = monolithOnly.map(([label, after]) => `${label} ${ms(mixed.before!.byLabel[label]?.latency.p99)} → ${ms(after.latency.p99)} ms`).join(', ');
    goals.push({
      goal: mixedGoal,
      figure: `${times(gain)} lower (${ms(mixed.before.migrated.latency.p99)} → ${ms(mixed.after.migrated.latency.p99)} ms) at ${rps(mixed.ratePerSecond)} req/s offered${others ? `; ${others}` : ''}${noise(mixed.after.all)}`,
      pass: Number.isFinite(gain) && gain >= MIXED_P99_GAIN_MIN,
    });
  } else goals.push(notMeasured(mixedGoal, mixed?.skipped ?? null));
  return goals;
}

// Function / monolith throughput at the highest concurrency measured.
function throughputGoal(scenarios: ComparisonResult[], id: string, name: string, min: number): Goal {
  const scenario = scenarios.find((s) => s.id === id);
  const top = highest(scenario);
  const goal = `${name} >= ${min}x monolith throughput at concurrency ${top?.concurrency ?? 64}`;
  if (!top) return notMeasured(goal, scenario?.skipped ?? null);
  const errors = top.fn.non2xx + top.fn.socketErrors;
  return {
    goal,
    figure: `${times(top.ratios.throughput)} (${rps(top.fn.throughput)} vs ${rps(top.monolith.throughput)} req/s), p99 ${times(top.ratios.p99)} (${ms(top.fn.latency.p99)} vs ${ms(top.monolith.latency.p99)} ms)${errors ? `; function: ${errors} non-2xx or socket errors` : ''}${noise(top.fn)}`,
    pass: top.ratios.throughput !== null && top.ratios.throughput >= min,
  };
}
