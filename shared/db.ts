import postgres from 'postgres';
import { parseDatabaseUrl } from './database-url.ts';

export type Sql = postgres.Sql;

/**
 * A postgres.js client for a DATABASE_URL in any form database-url.ts reads
 * (never the URL itself: postgres.js misreads the libpq forms). A bad URL
 * throws a ConfigError naming the problem.
 */
export function openSql(url: string, options: postgres.Options<Record<string, postgres.PostgresType>> = {}): Sql {
  const { where: _where, ...target } = parseDatabaseUrl(url);
  return postgres({ onnotice: () => {}, ...options, ...target });
}

export interface DbOptions {
  url: string;
  /** Connections per instance; times max instances must stay under the server's limit. */
  poolSize: number;
  /** How long a connect may take before failing cleanly. */
  connectTimeoutSeconds: number;
  /** Server-side statement_timeout: a query stuck behind a lock or a slow plan is cancelled. */
  statementTimeoutMs: number;
  /**
   * Behind a transaction pooler (PgBouncer, Cloud SQL managed pooling) each
   * transaction may run on another server connection: no named prepared
   * statements, and no statement_timeout startup parameter (poolers refuse
   * it; the role's own setting applies, see tools/db-roles.ts).
   */
  transactionPooling?: boolean;
}

/**
 * One pool per instance. Timestamps come back as text so microseconds survive
 * (JavaScript Dates would drop them and DRF renders them); the session runs in
 * UTC as Django's connections do with USE_TZ.
 */
export function connect(options: DbOptions): Sql {
  return openSql(options.url, {
    max: options.poolSize,
    connect_timeout: options.connectTimeoutSeconds,
    idle_timeout: 60,
    // postgres.js delays reconnects up to 20 s by default, and queries wait out
    // the delay: while the database is down they would hang. Capped at 0.5 s
    // (with jitter), a request fails fast with 503 and recovery is quick.
    backoff: (retries: number) => (0.5 + Math.random() / 2) * Math.min(0.05 * 2 ** retries, 0.5),
    max_lifetime: 60 * 30,
    prepare: !options.transactionPooling,
    connection: {
      TimeZone: 'UTC',
      application_name: process.env.K_SERVICE ?? 'canopy',
      ...(!options.transactionPooling && { statement_timeout: options.statementTimeoutMs }),
    },
    types: {
      // Django 3.2's BigAutoField ids: well inside Number's safe range, and DRF renders them as numbers.
      bigint: { to: 20, from: [20], serialize: (v: number) => String(v), parse: (v: string) => Number(v) },
      timestamptz: { to: 1184, from: [1184], serialize: (v: string) => v, parse: (v: string) => v },
    },
  });
}

/**
 * Runs `work` in a transaction, or in a savepoint when `sql` is already a
 * transaction (a shadow-mode dry run wraps the whole request in one).
 */
export function inTransaction<T>(sql: Sql, work: (tx: Sql) => Promise<T>): Promise<T> {
  const open = sql as Sql & { savepoint?: (fn: (tx: Sql) => Promise<T>) => Promise<T> };
  if (typeof open.savepoint === 'function') return open.savepoint(work);
  return sql.begin((tx) => work(tx as unknown as Sql)) as Promise<T>;
}

/** Whether an id int() accepted fits a bigint column; one that does not matches no row (PostgreSQL compares it as numeric). */
export const fitsBigint = (value: bigint) => value >= -(2n ** 63n) && value < 2n ** 63n;
