import postgres from 'postgres';

export type Sql = postgres.Sql;

export interface DbOptions {
  url: string;
  /** Connections per instance; times max instances must stay under the server's limit. */
  poolSize: number;
  /** How long a request may wait for a free connection or a connect before failing cleanly. */
  connectTimeoutSeconds: number;
}

/**
 * One pool per instance. Timestamps come back as text so microseconds survive
 * (JavaScript Dates would drop them and DRF renders them); the session runs in
 * UTC as Django's connections do with USE_TZ.
 */
export function connect(options: DbOptions): Sql {
  return postgres(options.url, {
    max: options.poolSize,
    connect_timeout: options.connectTimeoutSeconds,
    idle_timeout: 60,
    max_lifetime: 60 * 30,
    connection: { TimeZone: 'UTC', application_name: process.env.K_SERVICE ?? 'canopy' },
    types: {
      // Django 3.2's BigAutoField ids: well inside Number's safe range, and DRF renders them as numbers.
      bigint: { to: 20, from: [20], serialize: (v: number) => String(v), parse: (v: string) => Number(v) },
      timestamptz: { to: 1184, from: [1184], serialize: (v: string) => v, parse: (v: string) => v },
    },
    onnotice: () => {},
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
