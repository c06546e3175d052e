/**
 * The database connection budget as infra/connection-budget.tf computes it,
 * at its worst moment, a deploy: both revisions of every function (dbPoolSize
 * x maxInstances each) or, behind a transaction pooler, the pooler's pools;
 * always-on services declared in the manifest (the relay), both revisions;
 * the tools; the monolith; the server's reserved connections.
 */
import type { Manifest } from '../manifest.ts';

export const REVISIONS_DURING_DEPLOY = 2;

export interface ConnectionBudget {
  functions: number;
  services: number;
  tools: number;
  monolith: number;
  reserved: number;
}

export interface BudgetVariables {
  monolith: number;
  reserved: number;
  tools: Record<string, number>;
  pooling?: { mode: 'off' | 'transaction'; serverConnectionsPerRole?: number };
}

/** Connections of one revision of every function. */
export const perRevision = (manifest: Manifest) => Object.values(manifest.functions).reduce((sum, f) => sum + f.dbPoolSize * f.maxInstances, 0);

/** Top-level manifest entries other than functions and routes that carry a dbPoolSize (the outbox relay). */
export function serviceConnections(manifestJson: Record<string, unknown>): number {
  return Object.entries(manifestJson)
    .filter(([name, spec]) => name !== 'functions' && name !== 'routes' && typeof (spec as { dbPoolSize?: unknown })?.dbPoolSize === 'number')
    .reduce((sum, [, spec]) => {
      const { dbPoolSize, maxInstances } = spec as { dbPoolSize: number; maxInstances?: number };
      return sum + dbPoolSize * (maxInstances ?? 1);
    }, 0);
}

export function connectionBudget(manifest: Manifest, manifestJson: Record<string, unknown>, vars: BudgetVariables): ConnectionBudget {
  const pooled = vars.pooling?.mode === 'transaction';
  return {
    functions: pooled ? vars.pooling!.serverConnectionsPerRole! * Object.keys(manifest.functions).length : perRevision(manifest) * REVISIONS_DURING_DEPLOY,
    services: serviceConnections(manifestJson) * REVISIONS_DURING_DEPLOY,
    tools: Object.values(vars.tools).reduce((a, b) => a + b, 0),
    monolith: vars.monolith,
    reserved: vars.reserved,
  };
}

export const budgetTotal = (budget: ConnectionBudget) => budget.functions + budget.services + budget.tools + budget.monolith + budget.reserved;
