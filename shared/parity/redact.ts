import { isEmptyCookieValue, splitSetCookie } from './cookies.ts';
import { parseJson } from './json.ts';
import { isElementToken, tokenize } from './paths.ts';
import { unquote } from '../python/urllib.ts';
import { isSecretName, REDACTED, storableName } from './secret-names.ts';
import { storableBody, type StoredBody } from './stored-body.ts';
import type { Difference, ObservedAnswer, ObservedRequest } from './types.ts';

export { isSecretName, REDACTED } from './secret-names.ts';

/** JSON with the value under every secret-looking key redacted, at any depth (null and '' kept: they hold nothing). */
function redactJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactJson);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [key, isSecretName(key) && v !== null && v !== '' ? REDACTED : redactJson(v)]),
  );
}

/**
 * `a=1&password=x` with secret-looking values redacted; other pairs kept byte for byte. Each
 * name is read as Django's QueryDict reads it ('&'-separated, '+' as space, percent escapes
 * decoded), as UTF-8 and as latin-1 (its fallback), and counts as secret if either reading does;
 * a secret-looking name that may hold the secret itself goes too (see storableName).
 */
function redactPairs(text: string): string {
  return text
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawName = eq === -1 ? pair : pair.slice(0, eq);
      const bytes = Buffer.from(rawName.replace(/\+/g, ' '), /[^\x00-\xff]/.test(rawName) ? 'utf8' : 'latin1');
      const names = [unquote(bytes.toString('utf8'), 'utf-8'), unquote(bytes.toString('latin1'), 'iso8859-1')];
      const name = names.some((n) => storableName(n) === REDACTED) ? encodeURIComponent(REDACTED) : rawName;
      if (eq === -1 || eq === pair.length - 1) return name + pair.slice(rawName.length);
      return names.some(isSecretName) ? `${name}=${encodeURIComponent(REDACTED)}` : pair;
    })
    .join('&');
}

/** A URL (a Referer, a Location) with its query redacted by the same rules, and any user:password@ dropped. */
function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i, `$1${REDACTED}@`).replace(/\?([^#]*)/s, (_, query: string) => `?${redactPairs(query)}`);
}

/** Text with secret-looking fields redacted: JSON when it parses, else form-encoded pairs; the very text when nothing was. */
function redactText(text: string): string {
  const json = parseJson(text);
  if (json === undefined) return redactPairs(text);
  const redacted = JSON.stringify(redactJson(json.value));
  return redacted === JSON.stringify(json.value) ? text : redacted;
}

/** An answer body with secret-looking fields redacted (JSON whatever the Content-Type, else form pairs); the same bytes when nothing was. */
function redactAnswerBody(body: Buffer): Buffer {
  const text = body.toString('utf8');
  const redacted = redactText(text);
  return redacted === text ? Buffer.from(body) : Buffer.from(redacted, 'utf8');
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
  if (lower === 'location' || lower === 'referer') return redactUrl(value);
  if (!isSecretName(lower)) return value;
  // The scheme (Token, Bearer, Basic) says how a client authenticated; only the credential is secret.
  const scheme = /^(?:proxy-)?authorization$/.test(lower) ? /^([A-Za-z][\w-]*) +\S/.exec(value)?.[1] : undefined;
  return scheme ? `${scheme} ${REDACTED}` : REDACTED;
}

/**
 * A copy of a request safe to store: cookie values, credentials, secret-looking headers, query
 * values (the Referer's too) redacted; the body only as the function's own parser read it, with
 * secret-looking fields masked, and none at all (`bodyWithheld` says why) for a credential route
 * or a body that parser refused (see stored-body.ts).
 */
export function redactRequest(request: ObservedRequest, options: { credentials?: boolean } = {}): ObservedRequest {
  const headers = Object.fromEntries(
    Object.entries(request.headers).map(([name, value]) => [name, value === undefined ? value : redactHeaderValue(name, value)]),
  );
  const stored: StoredBody = request.bodyWithheld !== undefined ? { withheld: request.bodyWithheld } : storableBody(request, options.credentials ?? false);
  const redacted = { method: request.method, path: request.path, rawQuery: redactPairs(request.rawQuery) };
  if ('withheld' in stored) {
    // Its length says how long the password was.
    delete headers['content-length'];
    return { ...redacted, headers, body: Buffer.alloc(0), bodyWithheld: stored.withheld };
  }
  if (headers['content-length'] !== undefined) headers['content-length'] = String(stored.body.length);
  if (stored.contentType !== undefined) headers['content-type'] = stored.contentType;
  return { ...redacted, headers, body: stored.body };
}

/** A copy of an answer safe to store: Set-Cookie values, secret-looking headers and body fields redacted. */
export function redactAnswer(answer: ObservedAnswer): ObservedAnswer {
  return {
    ...answer,
    headers: answer.headers.map(([name, value]): [string, string] => [name, redactHeaderValue(name, value)]),
    body: redactAnswerBody(answer.body),
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
