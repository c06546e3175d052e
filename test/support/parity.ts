import { expect } from 'vitest';
import { COMPARED_HEADERS } from '../../shared/parity/view.ts';
import type { RawResponse } from './http.ts';

/**
 * A Set-Cookie header with what legitimately differs per answer masked: the
 * value (a fresh session key or CSRF token) unless empty, and the expiry date.
 */
export function cookieShape(header: string): string {
  const [pair, ...attributes] = header.split(';').map((p) => p.trim());
  const eq = pair!.indexOf('=');
  const name = pair!.slice(0, eq);
  const value = pair!.slice(eq + 1);
  const shownValue = value === '' || value === '""' ? value : '<value>';
  const attrs = attributes.map((a) => (/^expires=/i.test(a) && !a.includes('1970') ? 'expires=<date>' : a));
  return [`${name}=${shownValue}`, ...attrs].join('; ');
}

export interface ParityOptions {
  /** JSON fields whose string values legitimately differ between two answers (e.g. last_login). */
  volatileFields?: string[];
}

// Indented answers (Accept: application/json; indent=4) put a space after the colon.
function maskFields(body: string, fields: string[]): string {
  return fields.reduce((text, field) => text.replace(new RegExp(`"${field}":(\\s*)"[^"]*"`, 'g'), `"${field}":$1"<volatile>"`), body);
}

/** What is compared between the monolith's answer and the function's. */
export function observable(res: RawResponse, options: ParityOptions = {}) {
  const headers: Record<string, string[]> = {};
  for (const name of COMPARED_HEADERS) if (res.headers[name]) headers[name] = res.headers[name]!;
  return {
    status: res.status,
    headers,
    cookies: (res.headers['set-cookie'] ?? []).map(cookieShape).sort(),
    body: maskFields(res.body.toString('latin1'), options.volatileFields ?? []),
  };
}

/** Who answered: gunicorn names itself in `Server`; the local load balancer names the backend. */
function answeredBy(res: RawResponse): 'monolith' | 'function' {
  const server = res.headers.server?.join(', ') ?? '';
  const backend = res.headers['x-canopy-backend']?.join(', ');
  return /gunicorn/i.test(server) || backend === 'monolith' ? 'monolith' : 'function';
}

/**
 * Fails unless the answer came from the function itself. A route left in
 * shadow or bypass mode makes the function forward to the monolith and
 * return Django's answer untouched: a parity case would then compare Django
 * with Django and pass whatever the function does.
 */
export function expectFromFunction(res: RawResponse): void {
  if (answeredBy(res) === 'monolith') {
    throw new Error(
      `this answer came from the monolith (Server: ${res.headers.server?.join(', ') ?? '-'}), not from the function: ` +
        'its route is not in serve mode, so the case would compare Django with Django',
    );
  }
}

/** Asserts the function answered as the monolith did: status, compared headers, cookies, body bytes. */
export function expectParity(monolith: RawResponse, fn: RawResponse, options: ParityOptions = {}): void {
  if (answeredBy(monolith) !== 'monolith') throw new Error('the monolith\'s side of this case was not answered by gunicorn: are the two answers swapped?');
  expectFromFunction(fn);
  expect(observable(fn, options)).toEqual(observable(monolith, options));
}
