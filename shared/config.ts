import * as z from 'zod/mini';
import { ConfigError } from './config-error.ts';
import { readSecret } from './secrets.ts';

/** statement_timeout when DB_STATEMENT_TIMEOUT_MS is unset; db:migrate also sets it on each function's role (tools/db-roles.ts). */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 5000;

const envSchema = z.object({
  DATABASE_URL: z.string().check(z.minLength(1, 'DATABASE_URL is not set: point it at the monolith\'s PostgreSQL (postgres://user:password@host:port/dbname, or postgres://user:password@/dbname?host=/cloudsql/project:region:instance)')),
  SECRET_KEY: z.optional(z.string()),
  DB_POOL_MAX: z._default(z.coerce.number().check(z.int(), z.positive()), 5),
  DB_CONNECT_TIMEOUT_SECONDS: z._default(z.coerce.number().check(z.positive()), 2),
  DB_STATEMENT_TIMEOUT_MS: z._default(z.coerce.number().check(z.int(), z.positive()), DEFAULT_STATEMENT_TIMEOUT_MS),
  // The most a client waits for an answer (a full pool, a stuck database): then a clean 503.
  REQUEST_TIMEOUT_MS: z._default(z.coerce.number().check(z.int(), z.positive()), 10_000),
  // Where shadow and bypass modes send requests (in production the monolith's internal address).
  MONOLITH_URL: z.optional(z.url({ protocol: /^https?$/, error: 'MONOLITH_URL must be an http(s) URL, e.g. http://127.0.0.1:8000' })),
  // Set when DATABASE_URL points at a transaction pooler (infra's db_pooling).
  DB_POOLING: z.optional(z.enum(['transaction'], { error: 'DB_POOLING must be "transaction" (DATABASE_URL is a transaction pooler) or unset' })),
  PARITY_NOISE_SAMPLE: z._default(z.coerce.number().check(z.gte(0), z.lte(1)), 0.1),
});

export interface FunctionConfig {
  databaseUrl: string;
  /** Django's SECRET_KEY; null for a function whose manifest entry does not list it (it signs nothing). */
  secretKey: string | null;
  poolSize: number;
  connectTimeoutSeconds: number;
  statementTimeoutMs: number;
  /** DATABASE_URL is a transaction pooler: no named prepared statements. */
  transactionPooling: boolean;
  requestTimeoutMs: number;
  monolithUrl: string | null;
  /** Sent with every forward to the monolith, whose origin requires it behind the load balancer; null locally. */
  originToken: string | null;
  /** Share of shadowed safe requests asked of the monolith twice, to learn noise. */
  noiseSample: number;
}

export { ConfigError } from './config-error.ts';

/** Validates environment variables against a zod/mini schema; the first problem becomes a ConfigError. */
export function parseEnv<T extends z.ZodMiniType>(schema: T, env: NodeJS.ProcessEnv): z.output<T> {
  const parsed = z.safeParse(schema, env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}

/**
 * Reads the function's configuration once, at cold start: the environment,
 * and secrets (see secrets.ts). SECRET_KEY is read, and required, only when
 * `secrets` (the function's manifest entry) lists it.
 */
export async function loadConfig(env: NodeJS.ProcessEnv = process.env, secrets: readonly string[] = ['SECRET_KEY']): Promise<FunctionConfig> {
  const secretKey = secrets.includes('SECRET_KEY') ? ((await readSecret('SECRET_KEY', env)) ?? '') : null;
  if (secretKey === '') throw new ConfigError('SECRET_KEY: SECRET_KEY is not set: use the monolith\'s Django SECRET_KEY (Secret Manager in production)');
  const originToken = (await readSecret('ORIGIN_TOKEN', env)) ?? null;
  const parsed = parseEnv(envSchema, { ...env, DATABASE_URL: (await readSecret('DATABASE_URL', env)) ?? '' });
  return {
    databaseUrl: parsed.DATABASE_URL,
    secretKey,
    poolSize: parsed.DB_POOL_MAX,
    connectTimeoutSeconds: parsed.DB_CONNECT_TIMEOUT_SECONDS,
    statementTimeoutMs: parsed.DB_STATEMENT_TIMEOUT_MS,
    transactionPooling: parsed.DB_POOLING === 'transaction',
    requestTimeoutMs: parsed.REQUEST_TIMEOUT_MS,
    monolithUrl: parsed.MONOLITH_URL ?? null,
    originToken,
    noiseSample: parsed.PARITY_NOISE_SAMPLE,
  };
}
