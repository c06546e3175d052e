import * as z from 'zod/mini';

const envSchema = z.object({
  DATABASE_URL: z.string().check(z.minLength(1, 'DATABASE_URL is not set: point it at the monolith\'s PostgreSQL (postgres://user:password@host:port/dbname)')),
  SECRET_KEY: z.string().check(z.minLength(1, 'SECRET_KEY is not set: use the monolith\'s Django SECRET_KEY (Secret Manager in production)')),
  DB_POOL_MAX: z._default(z.coerce.number().check(z.int(), z.positive()), 5),
  DB_CONNECT_TIMEOUT_SECONDS: z._default(z.coerce.number().check(z.positive()), 2),
});

export interface FunctionConfig {
  databaseUrl: string;
  secretKey: string;
  poolSize: number;
  connectTimeoutSeconds: number;
}

/** Raised for operator mistakes: its message is one line that says what to do. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads the function's configuration from the environment, once, at cold start. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): FunctionConfig {
  const parsed = z.safeParse(envSchema, {
    DATABASE_URL: env.DATABASE_URL ?? '',
    SECRET_KEY: env.SECRET_KEY ?? '',
    DB_POOL_MAX: env.DB_POOL_MAX,
    DB_CONNECT_TIMEOUT_SECONDS: env.DB_CONNECT_TIMEOUT_SECONDS,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`${issue.path.join('.')}: ${issue.message}`);
  }
  return {
    databaseUrl: parsed.data.DATABASE_URL,
    secretKey: parsed.data.SECRET_KEY,
    poolSize: parsed.data.DB_POOL_MAX,
    connectTimeoutSeconds: parsed.data.DB_CONNECT_TIMEOUT_SECONDS,
  };
}
