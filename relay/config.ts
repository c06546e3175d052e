import * as z from 'zod/mini';
import { ConfigError, parseEnv } from '../shared/config.ts';
import { pubsubSink } from './pubsub-sink.ts';
import { pushSink } from './push-sink.ts';
import type { PushClaims, PushSigningJwk } from './push-token.ts';
import type { RetryPolicy, Sink } from './sink.ts';

/** The project the emulator and the HTTP fallback use when none is set. */
export const LOCAL_PROJECT = 'canopy-local';

const NO_DATABASE = 'DATABASE_URL is not set: point it at the monolith\'s PostgreSQL';

const count = () => z.coerce.number().check(z.int('must be a whole number'), z.positive('must be at least 1'));

const envSchema = z.object({
  DATABASE_URL: z.string({ error: NO_DATABASE }).check(z.minLength(1, NO_DATABASE)),
  // No Pub/Sub: push straight to the order-events function at this URL.
  RELAY_PUSH_URL: z.optional(z.url({ protocol: /^https?$/, error: 'RELAY_PUSH_URL must be the order-events function\'s http(s) URL' })),
  // With RELAY_PUSH_URL: the key and claims each push is signed with, as the push subscription's OIDC token (see pushSigning).
  RELAY_PUSH_SIGNING_KEY: z.optional(z.string()),
  RELAY_PUSH_AUDIENCE: z.optional(z.string().check(z.minLength(1))),
  RELAY_PUSH_SERVICE_ACCOUNT: z.optional(z.email({ error: 'RELAY_PUSH_SERVICE_ACCOUNT must be the service account email order-events trusts' })),
  PUBSUB_EMULATOR_HOST: z.optional(z.string()),
  PUBSUB_PROJECT_ID: z.optional(z.string()),
  GOOGLE_CLOUD_PROJECT: z.optional(z.string()),
  // Its pool, beside the one LISTEN connection; infra sets it from relay_db_pool_size, which the connection budget counts.
  RELAY_DB_POOL_MAX: z._default(count(), 2),
  RELAY_BATCH_SIZE: z._default(count(), 20),
  RELAY_POLL_MS: z._default(count(), 1000),
  RELAY_MIN_BACKOFF_MS: z.optional(count()),
  RELAY_MAX_BACKOFF_MS: z.optional(count()),
  RELAY_MAX_DELIVERY_ATTEMPTS: z._default(count(), 5),
  RELAY_PUSH_TIMEOUT_MS: z._default(count(), 60_000),
  RELAY_PUBLISH_TIMEOUT_MS: z._default(count(), 10_000),
  // Cloud Run sends SIGKILL 10 s after SIGTERM: finish the batch in hand within this, or release it.
  RELAY_STOP_TIMEOUT_MS: z._default(count(), 8000),
  // Retention (retention.ts): how often expired rows are pruned, and how many per delete.
  RELAY_PRUNE_EVERY_MS: z._default(count(), 10 * 60_000),
  RELAY_PRUNE_BATCH: z._default(count(), 500),
  // Health answers 503 once no batch has ended for this long (default: 30 s, or 10 polls if longer).
  RELAY_HEALTH_STALE_MS: z.optional(count()),
  PORT: z.optional(count()),
  // The pull subscription on the load balancer's request logs: when set, the relay also stores them as route observations.
  OBSERVATIONS_SUBSCRIPTION: z.optional(z.string().check(z.minLength(1))),
});

export interface RelayConfig {
  databaseUrl: string;
  /** Connections in its pool (RELAY_DB_POOL_MAX); LISTEN takes one more. */
  poolSize: number;
  batchSize: number;
  pollMs: number;
  /** Where health is served (a Cloud Run service must listen), if anywhere. */
  port: number | null;
  /** How long no batch may end before health answers 503 (the liveness probe then restarts the relay). */
  staleMs: number;
  /** How long SIGTERM waits for the batch in hand before releasing it. */
  stopTimeoutMs: number;
  /** How often expired rows are pruned, and the rows per delete statement. */
  pruneEveryMs: number;
  pruneBatchSize: number;
  /** Which way events leave, for the start-up line. */
  target: string;
  /** Where the load balancer's request logs are pulled from, if the relay stores observations. */
  observations: { projectId: string; apiEndpoint?: string; subscription: string } | null;
  createSink(): Sink;
}

/** The relay's settings from the environment; which sink follows from what is set. */
export function loadRelayConfig(env: NodeJS.ProcessEnv = process.env): RelayConfig {
  const e = parseEnv(envSchema, env);
  const project = e.PUBSUB_PROJECT_ID ?? e.GOOGLE_CLOUD_PROJECT;
  const policy = (defaults: RetryPolicy): RetryPolicy => ({
    minBackoffMs: e.RELAY_MIN_BACKOFF_MS ?? defaults.minBackoffMs,
    maxBackoffMs: e.RELAY_MAX_BACKOFF_MS ?? defaults.maxBackoffMs,
    maxAttempts: defaults.maxAttempts,
  });
  const common = {
    databaseUrl: e.DATABASE_URL,
    poolSize: e.RELAY_DB_POOL_MAX,
    batchSize: e.RELAY_BATCH_SIZE,
    pollMs: e.RELAY_POLL_MS,
    port: e.PORT ?? null,
    staleMs: e.RELAY_HEALTH_STALE_MS ?? Math.max(30_000, e.RELAY_POLL_MS * 10),
    stopTimeoutMs: e.RELAY_STOP_TIMEOUT_MS,
    pruneEveryMs: e.RELAY_PRUNE_EVERY_MS,
    pruneBatchSize: e.RELAY_PRUNE_BATCH,
  };
  const subscription = e.OBSERVATIONS_SUBSCRIPTION;
  if (subscription && !e.PUBSUB_EMULATOR_HOST && !project) {
    throw new ConfigError('OBSERVATIONS_SUBSCRIPTION needs Pub/Sub: set GOOGLE_CLOUD_PROJECT (or PUBSUB_EMULATOR_HOST for the emulator)');
  }
  const observations = subscription ? { projectId: project ?? LOCAL_PROJECT, apiEndpoint: e.PUBSUB_EMULATOR_HOST, subscription } : null;
  if (e.RELAY_PUSH_URL) {
    const pushUrl = e.RELAY_PUSH_URL;
    // The push subscription's policy (infra/modules/pubsub): 10 s to 600 s, dead letter after 5.
    const retry = policy({ minBackoffMs: 10_000, maxBackoffMs: 600_000, maxAttempts: e.RELAY_MAX_DELIVERY_ATTEMPTS });
    const { signingKey, claims } = pushSigning(e);
    return {
      ...common,
      observations,
      target: `push to ${pushUrl} (no Pub/Sub)`,
      createSink: () => pushSink({ pushUrl, project: project ?? LOCAL_PROJECT, timeoutMs: e.RELAY_PUSH_TIMEOUT_MS, retry, signingKey, claims }),
    };
  }
  if (!e.PUBSUB_EMULATOR_HOST && !project) {
    throw new ConfigError('nowhere to deliver events: set PUBSUB_EMULATOR_HOST (the emulator), GOOGLE_CLOUD_PROJECT (Pub/Sub) or RELAY_PUSH_URL (no Pub/Sub: push to order-events)');
  }
  // Publishing only waits for Pub/Sub to come back: retry soon, never give up.
  const retry = policy({ minBackoffMs: 1000, maxBackoffMs: 60_000, maxAttempts: null });
  const emulator = e.PUBSUB_EMULATOR_HOST;
  const projectId = project ?? LOCAL_PROJECT;
  const target = emulator ? `publish to the Pub/Sub emulator at ${emulator} (${projectId})` : `publish to Pub/Sub in ${projectId}`;
  return { ...common, observations, target, createSink: () => pubsubSink({ projectId, apiEndpoint: emulator, publishTimeoutMs: e.RELAY_PUBLISH_TIMEOUT_MS, retry }) };
}

const NO_SIGNING = 'RELAY_PUSH_URL needs RELAY_PUSH_SIGNING_KEY (a private RS256 JWK with a kid, as JSON), RELAY_PUSH_AUDIENCE and RELAY_PUSH_SERVICE_ACCOUNT: order-events refuses unsigned pushes (npm start sets them)';

/** What the HTTP fallback signs its pushes with, in place of Pub/Sub's OIDC token. */
function pushSigning(e: { RELAY_PUSH_SIGNING_KEY?: string; RELAY_PUSH_AUDIENCE?: string; RELAY_PUSH_SERVICE_ACCOUNT?: string }): { signingKey: PushSigningJwk; claims: PushClaims } {
  if (!e.RELAY_PUSH_SIGNING_KEY || !e.RELAY_PUSH_AUDIENCE || !e.RELAY_PUSH_SERVICE_ACCOUNT) throw new ConfigError(NO_SIGNING);
  const key = parseJwk(e.RELAY_PUSH_SIGNING_KEY);
  if (key?.kty !== 'RSA' || typeof key.d !== 'string' || typeof key.kid !== 'string') throw new ConfigError(`RELAY_PUSH_SIGNING_KEY is not a private RSA JWK with a kid: ${NO_SIGNING}`);
  return { signingKey: key as PushSigningJwk, claims: { audience: e.RELAY_PUSH_AUDIENCE, serviceAccount: e.RELAY_PUSH_SERVICE_ACCOUNT } };
}

function parseJwk(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
