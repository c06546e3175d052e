import { isEmptyCookieValue, splitSetCookie } from './cookies.ts';
import { parseJson } from './json.ts';
import { isElementToken, tokenize } from './paths.ts';
import type { Difference, ObservedAnswer, ObservedRequest } from './types.ts';

/** What stands in place of a secret. */
export const REDACTED = '[redacted]';

// Matched anywhere in a name (lower-cased, separators removed): long enough not to hit ordinary words.
const SECRET_PARTS = /pass|pwd|secret|token|signature|credential|csrf|session|cookie|card|cvv|cvc|hmac|apikey|privatekey|authorization/;
// Matched as whole words only: `key` but not `monkey`, `pin` but not `shipping`, `auth` but not `author`.
const SECRET_WORDS = new Set(['key', 'sig', 'pin', 'otp', 'auth', 'jwt', 'iban']);

/** Whether a header, cookie, query or body field name looks like it holds a secret. */
export function isSecretName(name: string): boolean {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/);
  return SECRET_PARTS.test(words.join('')) || words.some((word) => SECRET_WORDS.has(word));
}

/** JSON with the value under every secret-looking key redacted, at any depth (null and '' kept: they hold nothing). */
function redactJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactJson);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [key, isSecretName(key) && v !== null && v !== '' ? REDACTED : redactJson(v)]),
  );
}

/** `a=1&password=x` with secret-looking values redacted; other pairs kept byte for byte. */
function redactPairs(text: string): string {
  return text
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq === -1) return pair;
      let name: string;
      try {
        name = decodeURIComponent(pair.slice(0, eq).replace(/\+/g, ' '));
      } catch {
        name = pair.slice(0, eq);
      }
      return isSecretName(name) && eq < pair.length - 1 ? `${pair.slice(0, eq + 1)}${encodeURIComponent(REDACTED)}` : pair;
    })
    .join('&');
}

/** A multipart/form-data body with the content of secret-looking fields redacted (files and other fields kept). */
function redactMultipart(body: string, boundary: string): string {
  return body
    .split(`--${boundary}`)
    .map((part) => {
      const split = part.indexOf('\r\n\r\n');
      if (split === -1) return part;
      const name = /\bname="([^"]*)"/i.exec(part.slice(0, split))?.[1];
      if (name === undefined || !isSecretName(name)) return part;
      return `${part.slice(0, split + 4)}${REDACTED}\r\n`;
    })
    .join(`--${boundary}`);
}

/** Text with secret-looking fields redacted: JSON when it parses, else form-encoded pairs; the very text when nothing was. */
function redactText(text: string): string {
  const json = parseJson(text);
  if (json === undefined) return redactPairs(text);
  const redacted = JSON.stringify(redactJson(json.value));
  return redacted === JSON.stringify(json.value) ? text : redacted;
}

/** A body with secret-looking fields redacted (multipart, JSON whatever the Content-Type, else form pairs); the same bytes when nothing was, so a replay sends what was sent. */
function redactBody(body: Buffer, contentType: string | undefined): Buffer {
  const boundary = /^multipart\/form-data;.*\bboundary="?([^";]+)"?/i.exec(contentType ?? '')?.[1];
  // latin1 keeps every byte of a multipart body (files included) as one character.
  const encoding = boundary ? 'latin1' : 'utf8';
  const text = body.toString(encoding);
  const redacted = boundary ? redactMultipart(text, boundary) : redactText(text);
  return redacted === text ? Buffer.from(body) : Buffer.from(redacted, encoding);
}

function redactHeaderValue(name: string, value: string): string {
  const lower = name.toLowerCase();
  if (lower === 'cookie') {
    return value
      .split(';')
      .map((pair) => {
        const eq = pair.indexOf('=');
        return eq === -1 || isEmptyCookieValue(pair.slice(eq + 1).trim()) ? pair : `${pair.slice(0, eq + 1)}${REDACTED}`;
      })
      .join(';');
  }
  if (lower === 'set-cookie') {
    const cookie = splitSetCookie(value);
    return isEmptyCookieValue(cookie.value) ? value : [`${cookie.name}=${REDACTED}`, ...cookie.attributes].join('; ');
  }
  if (lower === 'location') return value.replace(/\?(.*)$/s, (_, query: string) => `?${redactPairs(query)}`);
  if (!isSecretName(lower)) return value;
  // The scheme (Token, Bearer, Basic) says how a client authenticated; only the credential is secret.
  const scheme = /^(?:proxy-)?authorization$/.test(lower) ? /^([A-Za-z][\w-]*) +\S/.exec(value)?.[1] : undefined;
  return scheme ? `${scheme} ${REDACTED}` : REDACTED;
}

/** A copy of a request safe to store: cookie values, credentials, secret-looking headers, query values and body fields redacted. */
export function redactRequest(request: ObservedRequest): ObservedRequest {
  const headers = Object.fromEntries(
    Object.entries(request.headers).map(([name, value]) => [name, value === undefined ? value : redactHeaderValue(name, value)]),
  );
  return {
    method: request.method,
    path: request.path,
    rawQuery: redactPairs(request.rawQuery),
    headers,
    body: redactBody(request.body, request.headers['content-type']),
  };
}

/** A copy of an answer safe to store: Set-Cookie values, secret-looking headers and body fields redacted. */
export function redactAnswer(answer: ObservedAnswer): ObservedAnswer {
  const contentType = answer.headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  return {
    ...answer,
    headers: answer.headers.map(([name, value]): [string, string] => [name, redactHeaderValue(name, value)]),
    body: redactBody(answer.body, contentType),
  };
}

function redactRendered(text: string | undefined, secretPath: boolean): string | undefined {
  if (text === undefined || text === '' || text === '""' || text === 'null') return text;
  return secretPath ? REDACTED : redactText(text);
}

/**
 * Differences safe to store: values at secret-looking body fields redacted,
 * and secret-looking fields inside rendered values (a whole JSON object, a
 * text body). Cookies are compared as empty/set and the headers compared
 * hold no secrets.
 */
export function redactDifferences(differences: Difference[]): Difference[] {
  return differences.map((difference) => {
    const tokens = tokenize(difference.path);
    const secretPath = tokens[0] === 'body' && tokens.slice(1).some((t) => !isElementToken(t) && isSecretName(t.replace(/^\["|"\]$/g, '')));
    const redacted: Difference = { path: difference.path, kind: difference.kind };
    const a = redactRendered(difference.a, secretPath);
    const b = redactRendered(difference.b, secretPath);
    if (a !== undefined) redacted.a = a;
    if (b !== undefined) redacted.b = b;
    return redacted;
  });
}
