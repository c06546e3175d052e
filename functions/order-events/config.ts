import * as z from 'zod/mini';
import { parseEnv } from '../../shared/config.ts';

const positiveInt = () => z.coerce.number().check(z.int('must be a whole number'), z.positive('must be at least 1'));

const envSchema = z.object({
  DISPATCH_URL: z.url({ protocol: /^https?$/, error: 'DISPATCH_URL is missing or not an http(s) URL: set the dispatch partner\'s base URL, e.g. http://127.0.0.1:9100 (the monolith\'s setting of that name)' }),
  // Seconds per call, as the monolith's DISPATCH_TIMEOUT.
  DISPATCH_TIMEOUT: z._default(z.coerce.number().check(z.positive('must be a positive number of seconds')), 5),
  DISPATCH_TRIES: z._default(positiveInt(), 3),
  // The push subscription's dead-letter policy (infra/modules/pubsub): the last delivery gives up.
  MAX_DELIVERY_ATTEMPTS: z._default(positiveInt(), 5),
});

export interface OrderEventsConfig {
  dispatch: DispatchSettings;
  maxDeliveryAttempts: number;
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
export function loadOrderEventsConfig(requestTimeoutMs: number, env: NodeJS.ProcessEnv = process.env): OrderEventsConfig {
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
  };
}
