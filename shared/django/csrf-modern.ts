// django.middleware.csrf as Django 4.0 rewrote it (and 5.2 runs it): the cookie's format is checked,
// each failure names its reason, an Origin header is checked against the host and CSRF_TRUSTED_ORIGINS
// (which carry a scheme), the Referer is read with urlsplit, and from 4.1 the cookie holds the
// unmasked secret unless CSRF_COOKIE_MASKED (4.1 and 4.2) says otherwise.
import { constantTimeCompare } from './crypto.ts';
import { goodReferer, REASON_BAD_REFERER, REASON_INSECURE_REFERER, REASON_MALFORMED_REFERER, REASON_NO_CSRF_COOKIE, REASON_NO_REFERER, SAFE_METHODS, unmaskCipherToken, type CsrfRequest } from './csrf.ts';
import { isSameDomain } from './host.ts';
import { djangoAtLeast, monolithSettings } from './monolith-settings.ts';
import { parseReferer } from './referer.ts';

export const REASON_BAD_ORIGIN = 'Origin checking failed - %s does not match any trusted origins.';
export const REASON_CSRF_TOKEN_MISSING = 'CSRF token missing.';
const REASON_INCORRECT_LENGTH = 'has incorrect length';
const REASON_INVALID_CHARACTERS = 'has invalid characters';

const SECRET_LENGTH = 32;
const TOKEN_LENGTH = 2 * SECRET_LENGTH;

/** _check_token_format: null when `token` has a secret's or a masked token's length and only [a-zA-Z0-9]. */
export function tokenFormatProblem(token: string): string | null {
  if (token.length !== TOKEN_LENGTH && token.length !== SECRET_LENGTH) return REASON_INCORRECT_LENGTH;
  if (/[^a-zA-Z0-9]/.test(token)) return REASON_INVALID_CHARACTERS;
  return null;
}

/** What the CSRF cookie holds for `secret`: the secret itself from Django 4.1 (unless CSRF_COOKIE_MASKED), a masked token before. */
export const COOKIE_HOLDS_SECRET = djangoAtLeast(4, 1) && monolithSettings.settings.CSRF_COOKIE_MASKED !== true;

/** HttpHeaders.parse_header_name(settings.CSRF_HEADER_NAME), as the failure message names the header ('X-Csrftoken'). */
export function headerDisplayName(metaName: string): string | null {
  const UNPREFIXED = ['CONTENT_TYPE', 'CONTENT_LENGTH'];
  let header = metaName;
  if (header.startsWith('HTTP_')) header = header.slice(5);
  else if (!UNPREFIXED.includes(header)) return null;
  // str.title(): upper-case after any non-letter, lower-case elsewhere.
  return header.replace(/_/g, '-').toLowerCase().replace(/(^|[^a-z])([a-z])/g, (_, before: string, letter: string) => before + letter.toUpperCase());
}

/** _bad_token_message. */
export function badTokenMessage(reason: string, source: 'POST' | 'header'): string {
  const from = source === 'POST' ? 'POST' : `the ${pyRepr(headerDisplayName(monolithSettings.settings.CSRF_HEADER_NAME))} HTTP header`;
  return `CSRF token from ${from} ${reason}.`;
}

// repr() of a str or None, for the header name in the message.
function pyRepr(value: string | null): string {
  if (value === null) return 'None';
  return value.includes("'") && !value.includes('"') ? `"${value}"` : `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** urlsplit(origin) of each CSRF_TRUSTED_ORIGINS entry, as the middleware's cached properties hold them. */
interface TrustedOrigins {
  /** csrf_trusted_origins_hosts: each netloc with leading '*' stripped (for the Referer). */
  hosts: string[];
  /** allowed_origins_exact: the entries without '*'. */
  exact: Set<string>;
  /** allowed_origin_subdomains: scheme -> netlocs with leading '*' stripped, for the '*' entries. */
  subdomains: Map<string, string[]>;
}

const splitOrigin = (origin: string) => parseReferer(origin, { split: true });

export function trustedOrigins(origins: readonly string[] = monolithSettings.settings.CSRF_TRUSTED_ORIGINS): TrustedOrigins {
  const subdomains = new Map<string, string[]>();
  for (const origin of origins.filter((o) => o.includes('*'))) {
    const { scheme, netloc } = splitOrigin(origin);
    subdomains.set(scheme, [...(subdomains.get(scheme) ?? []), netloc.replace(/^\*+/, '')]);
  }
  return {
    hosts: origins.map((o) => splitOrigin(o).netloc.replace(/^\*+/, '')),
    exact: new Set(origins.filter((o) => !o.includes('*'))),
    subdomains,
  };
}

/** The checks of _check_token, given the cookie and the request's token (form field first, then the header). */
export function tokenFailure(cookieToken: string | undefined, formToken: string, headerToken: string | undefined): string | null {
  if (cookieToken === undefined) return REASON_NO_CSRF_COOKIE;
  const cookieProblem = tokenFormatProblem(cookieToken);
  if (cookieProblem) return `CSRF cookie ${cookieProblem}.`;
  const secret = secretOf(cookieToken);
  let token = formToken;
  let source: 'POST' | 'header' = 'POST';
  if (token === '') {
    if (headerToken === undefined) return REASON_CSRF_TOKEN_MISSING;
    token = headerToken;
    source = 'header';
  }
  const problem = tokenFormatProblem(token);
  if (problem) return badTokenMessage(problem, source);
  return constantTimeCompare(secretOf(token), secret) ? null : badTokenMessage('incorrect', source);
}

/** A well-formed cookie or token's secret: unmasked when it is a 64-character masked token. */
export function secretOf(token: string): string {
  return token.length === TOKEN_LENGTH ? unmaskCipherToken(token) : token;
}

const TRUSTED = trustedOrigins();

// _origin_verified: the request's own origin, an exact trusted origin, or a subdomain of a '*' one.
function originVerified(origin: string, secure: boolean, host: string | null): boolean {
  if (host !== null && origin === `${secure ? 'https' : 'http'}://${host}`) return true;
  if (TRUSTED.exact.has(origin)) return true;
  let parsed: { scheme: string; netloc: string };
  try {
    parsed = splitOrigin(origin);
  } catch {
    return false;
  }
  return (TRUSTED.subdomains.get(parsed.scheme) ?? []).some((pattern) => isSameDomain(parsed.netloc, pattern));
}

// _check_referer (HTTPS requests without an Origin header): a trusted origin's host, else the cookie
// domain (with a non-default port) or the request's host.
function refererFailure(referer: string | undefined, host: string | null, port: string | undefined): string | null {
  if (referer === undefined) return REASON_NO_REFERER;
  let parsed;
  try {
    parsed = parseReferer(referer, { split: true });
  } catch {
    return REASON_MALFORMED_REFERER;
  }
  if (parsed.scheme === '' || parsed.netloc === '') return REASON_MALFORMED_REFERER;
  if (parsed.scheme !== 'https') return REASON_INSECURE_REFERER;
  if (TRUSTED.hosts.some((trusted) => isSameDomain(parsed.netloc, trusted))) return null;
  const good = goodReferer(host, port);
  return good !== null && isSameDomain(parsed.netloc, good) ? null : REASON_BAD_REFERER.replace('%s', parsed.url);
}

/** CsrfViewMiddleware.process_view (Django 4.0+): null when the request passes, else the reason it is rejected with. */
export function checkCsrfModern(request: CsrfRequest): string | null {
  if (SAFE_METHODS.has(request.method)) return null;
  if (request.origin !== undefined) {
    if (!originVerified(request.origin, request.secure, request.host)) return REASON_BAD_ORIGIN.replace('%s', request.origin);
  } else if (request.secure) {
    const failure = refererFailure(request.referer, request.host, request.port);
    if (failure !== null) return failure;
  }
  // request.POST is read only once the cookie is known to be good.
  if (request.cookieToken === undefined || tokenFormatProblem(request.cookieToken)) return tokenFailure(request.cookieToken, '', undefined);
  const formToken = request.method === 'POST' ? ((typeof request.formToken === 'function' ? request.formToken() : request.formToken) ?? '') : '';
  return tokenFailure(request.cookieToken, formToken, request.headerToken);
}
