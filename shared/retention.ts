/**
 * Lifetimes the functions honour and the relay's pruning relies on
 * (relay/retention.ts): one definition, so a row is never pruned while the
 * code that reads it still counts it.
 */

/** An Idempotency-Key older than this is claimed afresh (functions/orders/idempotency.ts). */
export const IDEMPOTENCY_KEY_TTL_HOURS = 24;

/** The longest login throttle window the identity function accepts: counts are pruned a window after it. */
export const LOGIN_WINDOW_MAX_SECONDS = 24 * 60 * 60;
