import type { ColdStartResult } from './cold-start.ts';
import type { ComparedRun, ComparisonResult } from './comparison.ts';
import type { ContentionResult } from './contention.ts';
import { ms, percent, rps, times } from './format.ts';
import type { RunResult } from './run.ts';

/** One of the goals: met (PASS), missed (MISS), or not measured (null, with the reason in `figure`). */
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

/** Checks the goals against the figures; a MISS is reported, never fatal. */
export function evaluateGoals(input: { coldStarts: ColdStartResult[]; scenarios: ComparisonResult[]; contention: ContentionResult[] }): Goal[] {
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
  return goals;
}
