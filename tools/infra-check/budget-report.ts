/**
 * What the connection budget (connection-budget.ts) says to a team changing
 * the manifest: what each function costs, what an added or resized function
 * costs against a base manifest, the headroom left, and, when it does not
 * fit, the single changes that would make room.
 */
import { behindPooler, listenConnections } from '../db-pools.ts';
import type { FunctionSpec, Manifest } from '../manifest.ts';
import { budgetTotal, connectionBudget, REVISIONS_DURING_DEPLOY, type BudgetVariables } from './connection-budget.ts';

/**
 * The smallest pool a function keeps in any suggestion: in shadow a dry run
 * holds a connection for the whole request beside the parity recording's
 * insert, so on a pool of one they queue (sites' shadow p50 was 253 ms on one
 * connection, against 9 ms for users).
 */
export const MIN_SUGGESTED_POOL = 2;

type Sizes = Pick<FunctionSpec, 'dbPoolSize' | 'maxInstances' | 'stream'>;

/** One instance's direct connections: its pool, and a streaming function's LISTEN connection. */
const perInstance = (spec: Sizes) => spec.dbPoolSize + listenConnections(spec);

/** A function's connections during a deploy, without a pooler: its pool (and LISTEN) in every instance of both revisions. */
export const deployCost = (spec: Sizes) => perInstance(spec) * spec.maxInstances * REVISIONS_DURING_DEPLOY;

const sizes = (spec: FunctionSpec) =>
  `${listenConnections(spec) ? `(${spec.dbPoolSize} + ${listenConnections(spec)} LISTEN)` : spec.dbPoolSize} x ${spec.maxInstances} = ${perInstance(spec) * spec.maxInstances} per revision, ${deployCost(spec)} during a deploy`;

/** One change to one function's sizes, and the connections it frees during a deploy. */
export interface Rebalance {
  fn: string;
  field: 'maxInstances' | 'dbPoolSize';
  from: number;
  to: number;
  frees: number;
}

/** Every one-step cut (one instance fewer, or one connection fewer per instance down to MIN_SUGGESTED_POOL), largest first. */
export function rebalances(manifest: Manifest): Rebalance[] {
  return Object.entries(manifest.functions)
    .flatMap(([fn, spec]): Rebalance[] => [
      ...(spec.maxInstances > 1 ? [{ fn, field: 'maxInstances' as const, from: spec.maxInstances, to: spec.maxInstances - 1, frees: perInstance(spec) * REVISIONS_DURING_DEPLOY }] : []),
      ...(spec.dbPoolSize > MIN_SUGGESTED_POOL ? [{ fn, field: 'dbPoolSize' as const, from: spec.dbPoolSize, to: spec.dbPoolSize - 1, frees: spec.maxInstances * REVISIONS_DURING_DEPLOY }] : []),
    ])
    .sort((a, b) => b.frees - a.frees || a.fn.localeCompare(b.fn));
}

/** The report's lines, and whether the manifest fits the budget. */
export function budgetReport(manifest: Manifest, vars: BudgetVariables & { max: number }, base: Manifest | null = null): { lines: string[]; fits: boolean } {
  const budget = connectionBudget(manifest, vars);
  const total = budgetTotal(budget);
  const pooled = vars.pooling?.mode === 'transaction';
  // Behind the pooler a function costs its role's server connections; a streaming one still connects directly.
  const pooledFn = (spec: FunctionSpec) => pooled && behindPooler(spec);
  const lines = [
    `connection budget during a deploy (db_max_connections ${vars.max}):`,
    `  functions ${budget.functions} + relay ${budget.relay} + tools ${budget.tools} + monolith ${budget.monolith} + reserved ${budget.reserved} = ${total}, ${total <= vars.max ? `${vars.max - total} to spare` : `${total - vars.max} over`}`,
    pooled
      ? `  behind the transaction pooler every function but a streaming one costs its role's ${vars.pooling!.serverConnectionsPerRole} server connections, whatever its pool and instances`
      : '  per function: (dbPoolSize + a streaming function\'s LISTEN) x maxInstances, twice during a deploy',
  ];
  for (const [fn, spec] of Object.entries(manifest.functions)) if (!pooledFn(spec)) lines.push(`    ${fn}: ${sizes(spec)}`);
  for (const [fn, spec] of Object.entries(manifest.functions)) {
    const before = base?.functions[fn];
    const cost = pooledFn(spec) ? vars.pooling!.serverConnectionsPerRole! : deployCost(spec);
    if (base && !before) lines.push(`  added: ${fn} costs ${cost} connections during a deploy`);
    else if (before && !pooledFn(spec) && deployCost(before) !== deployCost(spec)) lines.push(`  resized: ${fn} ${deployCost(before)} -> ${deployCost(spec)} during a deploy`);
  }
  for (const fn of Object.keys(manifest.functions)) {
    if (manifest.functions[fn]!.dbPoolSize < MIN_SUGGESTED_POOL) lines.push(`  warning: ${fn} has a pool of 1: its shadow dry runs and parity recording queue on it (the latency gate fails); give it ${MIN_SUGGESTED_POOL}`);
  }
  const over = total - vars.max;
  if (over <= 0) return { lines, fits: true };
  const enough = rebalances(manifest).filter((r) => r.frees >= over);
  lines.push(`  over by ${over}: make room with one of`);
  for (const r of enough) lines.push(`    ${r.fn}: ${r.field} ${r.from} -> ${r.to} frees ${r.frees}`);
  if (enough.length === 0) lines.push('    (no single cut frees enough: combine cuts from the per-function lines above)');
  lines.push(`    or raise Cloud SQL's max_connections and db_max_connections to ${total}`);
  if (!pooled) lines.push(`    or put a transaction pooler in front (db_pooling): N server connections per function role, ${Object.values(manifest.functions).filter(behindPooler).length} roles`);
  return { lines, fits: false };
}
