// django.middleware.csrf as Django 3.2 has it (4.0's rewrite: csrf-modern.ts), with the monolith's
// settings: cookie-based tokens, its CSRF_TRUSTED_ORIGINS and cookie domain.
import { constantTimeCompare, getRandomString } from './crypto.ts';
import { sameSiteOf, setCookieHeader } from './cookies.ts';
import { monolithSettings } from './monolith-settings.ts';
import { isSameDomain } from './host.ts';
import { parseReferer } from './referer.ts';
import { nodeHeaderName } from './secure.ts';

/** REASON_NO_REFERER */
export const REASON_NO_REFERER = 'Referer checking failed - no Referer.';
/** REASON_BAD_REFERER, with %s standing for the referer as urlparse(...).geturl() gives it back. */
export const REASON_BAD_REFERER = 'Referer checking failed - %s does not match any trusted origins.';
/** REASON_NO_CSRF_COOKIE */
export const REASON_NO_CSRF_COOKIE = 'CSRF cookie not set.';
/** REASON_BAD_TOKEN */
export const REASON_BAD_TOKEN = 'CSRF token missing or incorrect.';
/** REASON_MALFORMED_REFERER */
export const REASON_MALFORMED_REFERER = 'Referer checking failed - Referer is malformed.';
/** REASON_INSECURE_REFERER */
export const REASON_INSECURE_REFERER = 'Referer checking failed - Referer is insecure while host is secure.';

const SETTINGS = monolithSettings.settings;
/** The monolith's settings.CSRF_COOKIE_NAME. */
export const CSRF_COOKIE_NAME = SETTINGS.CSRF_COOKIE_NAME;
/** The monolith's settings.CSRF_HEADER_NAME (a request.META key, HTTP_X_CSRFTOKEN by default) as a lower-case Node header name. */
export const CSRF_HEADER_NAME = nodeHeaderName(SETTINGS.CSRF_HEADER_NAME);
/** The form field the {% csrf_token %} tag renders. */
export const CSRF_FORM_FIELD = 'csrfmiddlewaretoken';

const CSRF_SECRET_LENGTH = 32;
const CSRF_TOKEN_LENGTH = 2 * CSRF_SECRET_LENGTH;
const CSRF_ALLOWED_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
/** The methods CsrfViewMiddleware never checks. */
export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

/** _get_new_csrf_string: a fresh 32-character secret. */
export function newCsrfSecret(): string {
  return getRandomString(CSRF_SECRET_LENGTH, CSRF_ALLOWED_CHARS);
}

// Adds (sign 1) or removes (sign -1) `mask` from `text`, character-wise modulo the alphabet.
function shift(text: string, mask: string, sign: 1 | -1): string {
  const n = CSRF_ALLOWED_CHARS.length;
  let out = '';
  for (let i = 0; i < Math.min(text.length, mask.length); i++) {
    const sum = CSRF_ALLOWED_CHARS.indexOf(text.charAt(i)) + sign * CSRF_ALLOWED_CHARS.indexOf(mask.charAt(i));
    out += CSRF_ALLOWED_CHARS.charAt(((sum % n) + n) % n);
  }
  return out;
}

/** _mask_cipher_secret: a 64-character token, fresh mask + secret enciphered with it. */
export function maskCipherSecret(secret: string): string {
  const mask = newCsrfSecret();
  return mask + shift(secret, mask, 1);
}

/** _unmask_cipher_token: the secret inside a sanitized 64-character token. */
export function unmaskCipherToken(token: string): string {
  return shift(token.slice(CSRF_SECRET_LENGTH), token.slice(0, CSRF_SECRET_LENGTH), -1);
}

/** _get_new_csrf_token: a masked token of a new secret; also what rotate_token() (run by login()) puts in the cookie. */
export function newCsrfToken(): string {
  return maskCipherSecret(newCsrfSecret());
}

/**
 * _sanitize_token: a 64-char token stays, a 32-char one (pre-1.10 unmasked cookie) is masked, anything
 * else (or any non-alphanumeric) is replaced by a new random token.
 */
export function sanitizeToken(token: string): string {
  if (/[^a-zA-Z0-9]/.test(token)) return newCsrfToken();
  if (token.length === CSRF_TOKEN_LENGTH) return token;
  if (token.length === CSRF_SECRET_LENGTH) return maskCipherSecret(token);
  return newCsrfToken();
}

/** _compare_masked_tokens: both sanitized tokens hide the same secret. */
export function compareMaskedTokens(requestToken: string, cookieToken: string): boolean {
  return constantTimeCompare(unmaskCipherToken(requestToken), unmaskCipherToken(cookieToken));
}

/**
 * get_token(request): `token` for the page/form (freshly masked each call) and `cookie`, the value the
 * middleware then (re)sends in the csrftoken cookie (a new one when the request had none).
 */
export function getToken(cookieToken?: string): { token: string; cookie: string } {
  const cookie = cookieToken === undefined ? newCsrfToken() : sanitizeToken(cookieToken);
  return { token: maskCipherSecret(unmaskCipherToken(cookie)), cookie };
}

/** What CsrfViewMiddleware.process_view looks at. */
export interface CsrfRequest {
  /** As sent; compared case-sensitively like request.method. */
  method: string;
  /** request.is_secure(). */
  secure: boolean;
  /** request.get_host() (host[:port]), or null where it raises DisallowedHost. */
  host: string | null;
  /** The Referer header, undefined when absent. */
  referer?: string;
  /** The csrftoken cookie as parseCookie() reads it, undefined when absent. */
  cookieToken?: string;
  /**
   * request.POST.get('csrfmiddlewaretoken') (the last one if repeated); only read for POST, and
   * only once the cookie is known to be there, so pass a function when reading it can fail.
   */
  formToken?: string | (() => string | undefined);
  /** The X-CSRFToken header. */
  headerToken?: string;
  /** The Origin header, undefined when absent (Django 4.0+ checks it). */
  origin?: string;
  /** request.get_port(): the Host header's port, else '80' (gunicorn's SERVER_PORT behind the proxy). */
  port?: string;
}

/**
 * The Referer's good host besides CSRF_TRUSTED_ORIGINS: the CSRF cookie's domain (the session's with
 * CSRF_USE_SESSIONS), with the port when it is not 80 or 443, else the request's host.
 */
export function goodReferer(host: string | null, port = '80'): string | null {
  const domain = SETTINGS.CSRF_USE_SESSIONS ? SETTINGS.SESSION_COOKIE_DOMAIN : SETTINGS.CSRF_COOKIE_DOMAIN;
  if (domain === null) return host;
  return port === '443' || port === '80' ? domain : `${domain}:${port}`;
}

// The HTTPS-only strict Referer check (3.2): CSRF_TRUSTED_ORIGINS (hosts, in 3.2's format) or the good referer.
function refererFailure(referer: string | undefined, host: string | null, port: string | undefined): string | null {
  if (referer === undefined) return REASON_NO_REFERER;
  const parsed = parseReferer(referer);
  if (parsed.scheme === '' || parsed.netloc === '') return REASON_MALFORMED_REFERER;
  if (parsed.scheme !== 'https') return REASON_INSECURE_REFERER;
  const goodHosts = [...SETTINGS.CSRF_TRUSTED_ORIGINS, goodReferer(host, port)];
  if (goodHosts.some((good) => isSameDomain(parsed.netloc, good))) return null;
  return REASON_BAD_REFERER.replace('%s', parsed.url);
}

/**
 * CsrfViewMiddleware.process_view for a non-exempt view: null when the request passes, else the exact
 * reason Django rejects it with (render csrfFailureResponse for the 403). Throws where Django's
 * urlparse raises on the Referer (a 500 there).
 */
export function checkCsrf(request: CsrfRequest): string | null {
  if (SAFE_METHODS.has(request.method)) return null;
  if (request.secure) {
    const failure = refererFailure(request.referer, request.host, request.port);
    if (failure !== null) return failure;
  }
  if (request.cookieToken === undefined) return REASON_NO_CSRF_COOKIE;
  const cookieToken = sanitizeToken(request.cookieToken);
  const formToken = typeof request.formToken === 'function' ? request.formToken() : request.formToken;
  let requestToken = request.method === 'POST' ? (formToken ?? '') : '';
  if (requestToken === '') requestToken = request.headerToken ?? '';
  return compareMaskedTokens(sanitizeToken(requestToken), cookieToken) ? null : REASON_BAD_TOKEN;
}

/** The Set-Cookie value CsrfViewMiddleware sends for the token `cookie`, with the monolith's CSRF_COOKIE_* settings. */
export function csrfCookieHeader(cookie: string, now: number = Date.now() / 1000): string {
  return setCookieHeader(CSRF_COOKIE_NAME, cookie, {
    maxAge: SETTINGS.CSRF_COOKIE_AGE,
    domain: SETTINGS.CSRF_COOKIE_DOMAIN,
    path: SETTINGS.CSRF_COOKIE_PATH,
    secure: SETTINGS.CSRF_COOKIE_SECURE,
    httpOnly: SETTINGS.CSRF_COOKIE_HTTPONLY,
    sameSite: sameSiteOf(SETTINGS.CSRF_COOKIE_SAMESITE),
    now,
  });
}
