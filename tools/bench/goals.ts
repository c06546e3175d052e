import type { ColdStartResult } from './cold-start.ts';
import type { ComparedRun, ComparisonResult } from './comparison.ts';
import type { ContentionResult } from './contention.ts';
import type { MixedResult } from './mixed.ts';
import { count, ms, percent, rps, spread, times } from './format.ts';
import { clears, medianInterval, reciprocal, type Interval } from './interval.ts';
import type { RunResult } from './run.ts';

/**
 * One of the issue's goals: met (PASS), missed (MISS), or not measured (null,
 * with the reason in `figure`). A goal passes only when the whole interval of
 * its figure clears the bound (interval.ts).
 */
export interface Goal {
  goal: string;
  figure: string;
  pass: boolean | null;
  /** The figure the bound is applied to, over its rounds or samples (null when not measured). */
  interval: Interval | null;
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
  return { goal, figure: `not measured: ${why ?? 'no run'}`, pass: null, interval: null };
}

const x = (i: Interval) => spread(i, times);
/** How the interval was drawn, after the figure. */
const over = (i: Interval, what: string) => ` over ${i.n} ${what} (${percent(100 * i.coverage)} interval for the median)`;

/** Checks the issue's goals against the figures; a MISS is reported, never fatal. */
export function evaluateGoals(input: { coldStarts: ColdStartResult[]; scenarios: ComparisonResult[]; contention: ContentionResult[]; mixed?: MixedResult[] }): Goal[] {
  const goals: Goal[] = [];
  for (const c of input.coldStarts.filter((c) => c.runtime === 'minimal')) {
    const goal = `${c.target} cold start median <= ${COLD_START_MAX_MS} ms`;
    if (!c.ms) {
      goals.push(notMeasured(goal, c.skipped));
      continue;
    }
    const interval = medianInterval(c.samplesMs);
    const monolith = input.coldStarts.find((m) => m.target === 'monolith')?.ms?.median;
    goals.push({ goal, figure: `${spread(interval, ms)} ms${over(interval, 'launches')} (gunicorn+Django: ${ms(monolith)} ms)`, pass: clears(interval, { atMost: COLD_START_MAX_MS }), interval });
  }

  const users = input.scenarios.find((s) => s.id === 'users-detail');
  const usersTop = highest(users);
  const usersGoal = `users detail >= ${USERS_THROUGHPUT_MIN}x monolith throughput and <= 1/3 of its p99 at concurrency ${usersTop?.concurrency ?? 64}`;
  if (usersTop) {
    const { throughput, p99 } = usersTop.spread;
    goals.push({
      goal: usersGoal,
      figure: `${x(throughput)}${over(throughput, 'rounds')} (${rps(usersTop.fn.throughput)} vs ${rps(usersTop.monolith.throughput)} req/s), p99 ${x(p99)} (${ms(usersTop.fn.latency.p99)} vs ${ms(usersTop.monolith.latency.p99)} ms)${noise(usersTop.fn)}`,
      pass: clears(throughput, { atLeast: USERS_THROUGHPUT_MIN }) && clears(p99, { atMost: USERS_P99_MAX }),
      interval: throughput,
    });
  } else goals.push(notMeasured(usersGoal, users?.skipped ?? null));

  goals.push(loginGoal(input.scenarios));

  const session = input.contention.find((c) => c.id === 'session-under-logins');
  const sessionGoal = `session p99 under login saturation >= ${SESSION_P99_GAIN_MIN}x lower than the monolith's`;
  if (session?.sides && session.spread) {
    const gain = reciprocal(session.spread.p99);
    goals.push({
      goal: sessionGoal,
      figure: `${x(gain)} lower${over(gain, 'rounds')} (${ms(session.sides.fn.measured.latency.p99)} vs ${ms(session.sides.monolith.measured.latency.p99)} ms)`,
      pass: clears(gain, { atLeast: SESSION_P99_GAIN_MIN }),
      interval: gain,
    });
  } else goals.push(notMeasured(sessionGoal, session?.skipped ?? null));

  goals.push(throughputGoal(input.scenarios, 'orders-list', 'orders list', ORDERS_LIST_THROUGHPUT_MIN));
  goals.push(throughputGoal(input.scenarios, 'order-placement', 'order placement', PLACEMENT_THROUGHPUT_MIN));

  const placement = input.scenarios.find((s) => s.id === 'order-placement');
  const offered = placement?.offered;
  const offeredGoal = `order placement p99 >= ${PLACEMENT_P99_GAIN_MIN}x lower than the monolith's at ${percent(100 * (offered?.fraction ?? 0.9))} of its best throughput, open loop`;
  if (offered) {
    const gain = reciprocal(offered.spread.p99);
    const errors = offered.monolith.non2xx + offered.monolith.socketErrors + offered.fn.non2xx + offered.fn.socketErrors;
    goals.push({
      goal: offeredGoal,
      figure: `${x(gain)} lower${over(gain, 'rounds')} (${ms(offered.fn.latency.p99)} vs ${ms(offered.monolith.latency.p99)} ms over ${count(offered.fn.responses)} and ${count(offered.monolith.responses)} answers) at ${rps(offered.ratePerSecond)} req/s offered (monolith best ${rps(offered.monolithMax.throughput)} req/s at concurrency ${offered.monolithMax.concurrency})${errors ? `; ${errors} non-2xx or socket errors` : ''}${noise(offered.fn)}`,
      pass: clears(gain, { atLeast: PLACEMENT_P99_GAIN_MIN }),
      interval: gain,
    });
  } else goals.push(notMeasured(offeredGoal, placement?.skipped ?? (placement ? 'no monolith throughput to offer a share of' : null)));

  const mixed = input.mixed?.find((m) => m.id === 'mixed');
  const mixedGoal = `mixed traffic: migrated routes' p99 >= ${MIXED_P99_GAIN_MIN}x lower after migration than before, same offered load`;
  if (mixed?.before && mixed.after && mixed.spread) {
    const gain = reciprocal(mixed.spread.p99);
    const monolithOnly = Object.entries(mixed.after.byLabel).filter(([label]) => !mixed.mix.find((e) => e.label === label)?.migrated);
    const others = monolithOnly.map(([label, after]) => `${label} ${ms(mixed.before!.byLabel[label]?.latency.p99)} → ${ms(after.latency.p99)} ms`).join(', ');
    const samples = `p99 over ${count(mixed.before.migrated.responses)} → ${count(mixed.after.migrated.responses)} answers`;
    goals.push({
      goal: mixedGoal,
      figure: `${x(gain)} lower${over(gain, 'rounds')} (${ms(mixed.before.migrated.latency.p99)} → ${ms(mixed.after.migrated.latency.p99)} ms, ${samples}) at ${rps(mixed.ratePerSecond)} req/s offered${others ? `; ${others}` : ''}${noise(mixed.after.all)}`,
      pass: clears(gain, { atLeast: MIXED_P99_GAIN_MIN }),
      interval: gain,
    });
  } else goals.push(notMeasured(mixedGoal, mixed?.skipped ?? null));
  return goals;
}

/**
 * Logins/s as a share of the hashing limit measured beside each round with as
 * many hashes at once as the side runs: the function's share must clear the
 * bound over all rounds, and in the median round be no lower than the monolith's.
 */
function loginGoal(scenarios: ComparisonResult[]): Goal {
  const login = scenarios.find((s) => s.id === 'login');
  const top = highest(login);
  const goal = `login throughput >= ${LOGIN_LIMIT_MIN_PERCENT} % of the machine's hashing limit measured beside it, and not below the monolith's share`;
  const limits = top?.ofHashLimit;
  if (!top || !limits) return notMeasured(goal, login?.skipped ?? null);
  const pct = (v: number) => percent(v);
  const points = (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(1)}`;
  return {
    goal,
    figure:
      `${spread(limits.own.fn, pct)}${over(limits.own.fn, 'rounds')} of ${limits.parallel.fn} hashes at once at concurrency ${top.concurrency} (${rps(top.fn.throughput)} logins/s); ` +
      `monolith ${spread(limits.own.monolith, pct)} of ${limits.parallel.monolith} at once; function − monolith ${spread(limits.lead, points)} points; ` +
      `against one limit per round: function ${spread(limits.common.fn, pct)}, monolith ${spread(limits.common.monolith, pct)}${noise(top.fn)}`,
    pass: clears(limits.own.fn, { atLeast: LOGIN_LIMIT_MIN_PERCENT }) && limits.lead.median >= 0,
    interval: limits.own.fn,
  };
}

// Function / monolith throughput at the highest concurrency measured.
function throughputGoal(scenarios: ComparisonResult[], id: string, name: string, min: number): Goal {
  const scenario = scenarios.find((s) => s.id === id);
  const top = highest(scenario);
  const goal = `${name} >= ${min}x monolith throughput at concurrency ${top?.concurrency ?? 64}`;
  if (!top) return notMeasured(goal, scenario?.skipped ?? null);
  const errors = top.fn.non2xx + top.fn.socketErrors;
  const { throughput, p99 } = top.spread;
  return {
    goal,
    figure: `${x(throughput)}${over(throughput, 'rounds')} (${rps(top.fn.throughput)} vs ${rps(top.monolith.throughput)} req/s), p99 ${x(p99)} (${ms(top.fn.latency.p99)} vs ${ms(top.monolith.latency.p99)} ms)${errors ? `; function: ${errors} non-2xx or socket errors` : ''}${noise(top.fn)}`,
    pass: clears(throughput, { atLeast: min }),
    interval: throughput,
  };
}
