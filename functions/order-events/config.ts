import * as z from 'zod/mini';
import { parseEnv } from '../../shared/config.ts';

const positiveInt = () => z.coerce.number().check(z.int('must be a whole number'), z.positive('must be at least 1'));

/** Google's OIDC signing keys: what production checks push tokens against. */
export const GOOGLE_JWKS_URL = 'https://www.googleapis.com/oauth2/v3/certs';
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/;
const PUSH_AUDIENCE_MISSING = 'PUSH_AUDIENCE is not set: set the push subscription\'s OIDC audience (canopy-<function>, as infra sets it)';

const envSchema = z.object({
  DISPATCH_URL: z.url({ protocol: /^https?$/, error: 'DISPATCH_URL is missing or not an http(s) URL: set the dispatch partner\'s base URL, e.g. http://127.0.0.1:9100 (the monolith\'s setting of that name)' }),
  // Seconds per call, as the monolith's DISPATCH_TIMEOUT.
  DISPATCH_TIMEOUT: z._default(z.coerce.number().check(z.positive('must be a positive number of seconds')), 5),
  DISPATCH_TRIES: z._default(positiveInt(), 3),
  // The push subscription's dead-letter policy (infra/modules/pubsub): the last delivery gives up.
  MAX_DELIVERY_ATTEMPTS: z._default(positiveInt(), 5),
  // Who may push (infra/modules/pubsub oidc_token): the token's audience and service account.
  PUSH_AUDIENCE: z.string({ error: PUSH_AUDIENCE_MISSING }).check(z.minLength(1, PUSH_AUDIENCE_MISSING)),
  PUSH_SERVICE_ACCOUNT: z.email({ error: 'PUSH_SERVICE_ACCOUNT is missing or not an email: set the push subscription\'s service account, e.g. canopy-pubsub-push@<project>.iam.gserviceaccount.com' }),
  // Where the signing keys are: Google's, unless a local stack serves its test key set.
  PUSH_JWKS_URL: z._default(
    z.url({ protocol: /^https?$/, error: 'PUSH_JWKS_URL must be an http(s) URL of a JSON Web Key Set' }).check(
      z.refine((url) => url.startsWith('https://') || LOOPBACK.test(new URL(url).hostname), 'PUSH_JWKS_URL must be https (http only on this machine, for the local stack\'s test keys)'),
    ),
    GOOGLE_JWKS_URL,
  ),
});

export interface OrderEventsConfig {
  dispatch: DispatchSettings;
  maxDeliveryAttempts: number;
  push: PushIdentity;
}

/** Whose pushes are applied: tokens signed by a key of `jwksUrl`, for `audience`, naming `serviceAccount`. */
export interface PushIdentity {
  jwksUrl: string;
  audience: string;
  serviceAccount: string;
}

/** How the partner is called within one delivery. */
export interface DispatchSettings {
  url: string;
  timeoutMs: number;
  tries: number;
  /** Pause before the second try, doubled before each later one. */
  backoffMs: number;
  /** All tries of one delivery end within this, inside the function's request timeout. */
  budgetMs: number;
}

// Left of the request timeout for the database work around the calls and the answer.
const ANSWER_MARGIN_MS = 1000;

/** Reads the consumer's settings once, at cold start; `requestTimeoutMs` is the function's (shared/config.ts). */
export function loadOrderEventsConfig(env: NodeJS.ProcessEnv, { requestTimeoutMs }: { requestTimeoutMs: number }): OrderEventsConfig {
  const parsed = parseEnv(envSchema, env);
  return {
    dispatch: {
      url: parsed.DISPATCH_URL.replace(/\/+$/, ''),
      timeoutMs: parsed.DISPATCH_TIMEOUT * 1000,
      tries: parsed.DISPATCH_TRIES,
      backoffMs: 200,
      budgetMs: Math.max(requestTimeoutMs - ANSWER_MARGIN_MS, ANSWER_MARGIN_MS),
    },
    maxDeliveryAttempts: parsed.MAX_DELIVERY_ATTEMPTS,
    push: { jwksUrl: parsed.PUSH_JWKS_URL, audience: parsed.PUSH_AUDIENCE, serviceAccount: parsed.PUSH_SERVICE_ACCOUNT },
  };
}
