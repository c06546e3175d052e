import * as z from 'zod/mini';
import { ConfigError, parseEnv } from '../../shared/config.ts';

const ms = (error: string) => z.coerce.number().check(z.int(error), z.positive(error));

const envSchema = z.object({
  // Comments this often keep an idle stream open through proxies and the load balancer.
  STREAM_HEARTBEAT_MS: z._default(ms('STREAM_HEARTBEAT_MS must be a whole number of milliseconds'), 15_000),
  // Each stream ends after this and the client reconnects (infra sets it under the service's request timeout).
  STREAM_LIFETIME_MS: z._default(ms('STREAM_LIFETIME_MS must be a whole number of milliseconds'), 600_000),
  // What the stream tells the client to wait before reconnecting.
  STREAM_RETRY_MS: z._default(ms('STREAM_RETRY_MS must be a whole number of milliseconds'), 1_000),
  DB_POOLING: z.optional(z.string()),
});

/** How each stream behaves. */
export interface StreamSettings {
  heartbeatMs: number;
  lifetimeMs: number;
  retryMs: number;
  /** A client this far behind is cut off; it reconnects and catches up from the table. */
  maxBacklogBytes: number;
}

/** The stream settings from the environment; a ConfigError names what to fix. */
export function loadStreamSettings(env: NodeJS.ProcessEnv = process.env): StreamSettings {
  const parsed = parseEnv(envSchema, env);
  if (parsed.DB_POOLING === 'transaction') {
    // A transaction pooler hands each transaction another server connection: a LISTEN there hears nothing.
    throw new ConfigError('order-stream LISTENs for order events, which a transaction pooler cannot carry: give it a direct DATABASE_URL and no DB_POOLING');
  }
  return { heartbeatMs: parsed.STREAM_HEARTBEAT_MS, lifetimeMs: parsed.STREAM_LIFETIME_MS, retryMs: parsed.STREAM_RETRY_MS, maxBacklogBytes: 256 * 1024 };
}
