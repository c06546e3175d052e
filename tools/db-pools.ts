/**
 * How many connections each operator tool opens to the production database.
 * The connection budget counts them while a deploy runs (infra/variables.tf,
 * db_tool_connections, whose defaults a test holds equal to these).
 */
export const TOOL_POOLS = {
  /** Cloud Build's db-migrate step. */
  'db-migrate': 1,
  /** Cloud Build's modes step, and `npm run modes`. */
  modes: 1,
  rollout: 2,
  parity: 2,
} as const;
