/**
 * The database connection budget as infra/connection-budget.tf computes it:
 * every function can hold dbPoolSize connections in each of maxInstances
 * instances; with the monolith's and the reserved connections that must fit
 * under Cloud SQL's max_connections.
 */
import type { Manifest } from '../manifest.ts';

export interface ConnectionBudget {
  functions: number;
  monolith: number;
  reserved: number;
}

export function connectionBudget(manifest: Manifest, monolith: number, reserved: number): ConnectionBudget {
  const functions = Object.values(manifest.functions).reduce((sum, f) => sum + f.dbPoolSize * f.maxInstances, 0);
  return { functions, monolith, reserved };
}

export const budgetTotal = (budget: ConnectionBudget) => budget.functions + budget.monolith + budget.reserved;
