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

/**
 * Connections an instance of a function holds beside its pool: a streaming
 * function (its manifest `stream`) LISTENs for order events on one of its own
 * (functions/order-stream/hub.ts), however many streams it serves.
 */
export const listenConnections = (spec: { stream?: unknown }) => (spec.stream ? 1 : 0);

/**
 * Whether a function goes through infra's transaction pooler when there is one: every
 * function but a streaming one, whose LISTEN a transaction pooler cannot carry (it keeps
 * connecting directly, with its own pool and its LISTEN connection).
 */
export const behindPooler = (spec: { stream?: unknown }) => !spec.stream;

/**
 * A function's pool behind a transaction pooler (infra's db_pooling): one
 * client connection per request it may serve at once, plus one for the mode
 * store's refresh. Client connections to a pooler are cheap, and postgres.js
 * pipelines queries only when every connection of its pool is busy: PgBouncer
 * before 1.21 hands a server connection back at a transaction's end while a
 * pipelined query is still on it, and that query's answer is lost (seen here
 * with Debian's 1.18: a request hung until its deadline).
 */
export const pooledPoolSize = (spec: { concurrency: number }) => spec.concurrency + 1;
