import { createHmac } from 'node:crypto';
import { DEV_WEBHOOK_SECRET } from '../../tools/stack/monolith.ts';
import type { RawRequest } from '../support/http.ts';

/** The webhook's path, as Django serves it. */
export const WEBHOOK_PATH = '/api/webhooks/payments/';

/** Unix seconds now, as the provider stamps a delivery. */
export const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The provider's v1 signature: hex HMAC-SHA256 of "<t>." + body (written here independently of the function's). */
export function hmacHex(body: string | Buffer, t: string | number, secret = DEV_WEBHOOK_SECRET): string {
  return createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex');
}

/** A Payment-Signature header the provider would send for `body`. */
export const signatureHeader = (body: string | Buffer, t: string | number = nowSeconds(), secret?: string) =>
  `t=${t},v1=${hmacHex(body, t, secret)}`;

/** An event body as the provider sends it. */
export const event = (id: unknown, data: unknown, type: unknown = 'payment.succeeded') => JSON.stringify({ id, type, data });

/**
 * A delivery of `body`: JSON, signed now with the dev secret unless `headers` say otherwise. The
 * body goes as bytes so Node writes the headers as latin-1, as gunicorn reads them.
 */
export function delivery(body: string | Buffer, headers: Record<string, string> = {}): RawRequest {
  return {
    method: 'POST',
    path: WEBHOOK_PATH,
    headers: { 'Content-Type': 'application/json', 'Payment-Signature': signatureHeader(body), ...headers },
    body: Buffer.from(body),
  };
}
