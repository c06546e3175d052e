import { createHash } from 'node:crypto';
import type { Sql } from '../../shared/db.ts';
import { ApiError } from '../../shared/http/errors.ts';
import type { CanopyRequest, CanopyResponse } from '../../shared/http/types.ts';
import { IDEMPOTENCY_KEY_TTL_HOURS } from '../../shared/retention.ts';

// Idempotency-Key on POST /api/orders/ (beyond Django; README "Idempotent order creation").
// The key is claimed in the order's own transaction by inserting its row: a concurrent request
// with the same key waits on the primary key until the first commits (then replays its answer)
// or rolls back (then claims the key itself). Only a created order's answer is stored, so a
// request refused with 4xx leaves the key free.

/** An Idempotency-Key request: whose key, the key, and a digest of what was sent with it. */
export interface IdempotentRequest {
  userId: number;
  key: string;
  fingerprint: string;
}

const HEADER = 'idempotency-key';
// Visible ASCII, as Stripe's keys (UUIDs, random tokens) are.
const KEY = /^[\x21-\x7e]{1,255}$/;
// A key older than this is treated as never used (the relay prunes it a day later).
const TTL = `${IDEMPOTENCY_KEY_TTL_HOURS} hours`;

/** Replayed answers say so, as Stripe's do. */
export const REPLAYED_HEADER = 'Idempotent-Replayed';

const badKey = () =>
  new ApiError('invalid_idempotency_key', 400, { detail: 'Idempotency-Key must be 1 to 255 visible ASCII characters.' });
const keyReused = () =>
  new ApiError('idempotency_key_reused', 409, {
    detail: 'This Idempotency-Key was already used with a different request; send a new key for a new order.',
  });

/** The request's Idempotency-Key for `userId`, null without one; 400 for a malformed key. */
export function idempotentRequest(req: CanopyRequest, userId: number): IdempotentRequest | null {
  const key = req.headers[HEADER];
  if (key === undefined) return null;
  if (!KEY.test(key)) throw badKey();
  const fingerprint = createHash('sha256')
    .update(`${req.method} ${req.path}\n${req.headers['content-type'] ?? ''}\n`)
    .update(req.body)
    .digest('hex');
  return { userId, key, fingerprint };
}

/**
 * Claims the key inside `tx`: null when this request may go ahead (its answer is stored by
 * storeAnswer before `tx` commits), the first answer when the key was used with the same
 * request, a 409 when it was used with another.
 */
export async function claimKey(tx: Sql, request: IdempotentRequest): Promise<CanopyResponse | null> {
  const claimed = await tx`
    insert into canopy.idempotency_keys (user_id, key, fingerprint)
    values (${request.userId}, ${request.key}, ${request.fingerprint})
    on conflict (user_id, key) do update
      set fingerprint = excluded.fingerprint, status = null, body = null, created_at = now()
      where canopy.idempotency_keys.created_at < now() - ${TTL}::interval
    returning 1`;
  if (claimed.length) return null;
  const [first] = await tx<{ fingerprint: string; status: number; body: Buffer }[]>`
    select fingerprint, status, body from canopy.idempotency_keys where user_id = ${request.userId} and key = ${request.key}`;
  if (first!.fingerprint !== request.fingerprint) throw keyReused();
  return { status: first!.status, headers: [['Content-Type', 'application/json'], [REPLAYED_HEADER, 'true']], body: first!.body };
}

/** Stores the answer to a claimed key, in the transaction that claimed it. */
export async function storeAnswer(tx: Sql, request: IdempotentRequest, response: CanopyResponse): Promise<void> {
  await tx`
    update canopy.idempotency_keys set status = ${response.status}, body = ${response.body}
    where user_id = ${request.userId} and key = ${request.key}`;
}
