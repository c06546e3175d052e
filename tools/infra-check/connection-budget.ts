/**
 * The database connection budget as infra/connection-budget.tf computes it,
 * at its worst moment, a deploy: both revisions of every function ((dbPoolSize
 * + its LISTEN connection, when it streams) x maxInstances each) or, behind a transaction pooler, the pooler's pools;
 * the outbox relay's pool and LISTEN connection, both revisions;
 * the tools; the monolith; the server's reserved connections.
 */
import { behindPooler, listenConnections } from '../db-pools.ts';
import type { Manifest } from '../manifest.ts';

export const REVISIONS_DURING_DEPLOY = 2;

export interface ConnectionBudget {
  functions: number;
  relay: number;
  tools: number;
  monolith: number;
  reserved: number;
}

export interface BudgetVariables {
  monolith: number;
  reserved: number;
  tools: Record<string, number>;
  /** The relay's pool (infra's relay_db_pool_size, its RELAY_DB_POOL_MAX). */
  relayPool: number;
  pooling?: { mode: 'off' | 'transaction'; serverConnectionsPerRole?: number };
}

/** Connections of one revision of every function that connects directly (behind a pooler: the streaming ones). */
export const perRevision = (manifest: Manifest, pooled = false) =>
  Object.values(manifest.functions)
    .filter((f) => !pooled || !behindPooler(f))
    .reduce((sum, f) => sum + (f.dbPoolSize + listenConnections(f)) * f.maxInstances, 0);

/** The relay LISTENs on a connection of its own, beside its pool (relay/relay.ts); it runs one instance. */
export const RELAY_LISTEN_CONNECTIONS = 1;

export function connectionBudget(manifest: Manifest, vars: BudgetVariables): ConnectionBudget {
  const pooled = vars.pooling?.mode === 'transaction';
  return {
    functions:
      (pooled ? vars.pooling!.serverConnectionsPerRole! * Object.values(manifest.functions).filter(behindPooler).length : 0) +
      perRevision(manifest, pooled) * REVISIONS_DURING_DEPLOY,
    relay: (vars.relayPool + RELAY_LISTEN_CONNECTIONS) * REVISIONS_DURING_DEPLOY,
    tools: Object.values(vars.tools).reduce((a, b) => a + b, 0),
    monolith: vars.monolith,
    reserved: vars.reserved,
  };
}

export const budgetTotal = (budget: ConnectionBudget) => budget.functions + budget.relay + budget.tools + budget.monolith + budget.reserved;
