import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The header the dashboard's page sends this run's token in (a custom header also forces a CORS preflight). */
export const TOKEN_HEADER = 'x-canopy-token';

/**
 * Whether the request names the dashboard by a loopback host and its own port. A page on
 * another site that rebinds its DNS name to 127.0.0.1 reaches this port with its own name in
 * Host, so it gets nothing: not the figures, not the kill switch.
 */
export function isLoopbackHost(req: IncomingMessage, port: string): boolean {
  const host = (req.headers.host ?? '').toLowerCase();
  return ['127.0.0.1', 'localhost', '[::1]'].some((name) => host === `${name}:${port}`);
}

/** Whether the request carries this run's token. */
export function hasToken(req: IncomingMessage, token: string): boolean {
  const sent = Buffer.from(String(req.headers[TOKEN_HEADER] ?? ''));
  const expected = Buffer.from(token);
  return sent.length === expected.length && timingSafeEqual(sent, expected);
}
