import { constantTimeCompare, getRandomString, saltedHmac } from './crypto.ts';
import { deleteCookieHeader, sameSiteOf, setCookieHeader } from './cookies.ts';
import { acceptsPre31Formats, monolithSettings } from './monolith-settings.ts';
import { dumps, loads } from './signing.ts';

/** A decoded django_session.session_data dict. */
export type SessionData = Record<string, unknown>;

/** django.contrib.auth.SESSION_KEY: the user's primary key, always stored as a string. */
export const SESSION_KEY = '_auth_user_id';
/** django.contrib.auth.BACKEND_SESSION_KEY: dotted path of the backend that authenticated the user. */
export const BACKEND_SESSION_KEY = '_auth_user_backend';
/** django.contrib.auth.HASH_SESSION_KEY: sessionAuthHash() of the password at login. */
export const HASH_SESSION_KEY = '_auth_user_hash';

const SETTINGS = monolithSettings.settings;
/** The monolith's settings.SESSION_COOKIE_NAME. */
export const SESSION_COOKIE_NAME = SETTINGS.SESSION_COOKIE_NAME;
/** The monolith's settings.SESSION_COOKIE_AGE, in seconds. */
export const SESSION_COOKIE_AGE = SETTINGS.SESSION_COOKIE_AGE;
/** The monolith's settings.SESSION_SAVE_EVERY_REQUEST: the session is saved (and its cookie sent) even when unchanged. */
export const SESSION_SAVE_EVERY_REQUEST = SETTINGS.SESSION_SAVE_EVERY_REQUEST;

// SessionBase.key_salt is 'django.contrib.sessions.' + __qualname__ of db.SessionStore.
const KEY_SALT = 'django.contrib.sessions.SessionStore';
// The pre-3.1 format's SessionBase._hash() concatenates without the dot.
const LEGACY_KEY_SALT = 'django.contrib.sessionsSessionStore';
const VALID_KEY_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';
const AUTH_HASH_KEY_SALT = 'django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash';

const isPlainObject = (value: unknown): value is SessionData =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** SessionStore.encode (db backend): the session_data column value Django 3.2 writes. */
export function encodeSession(data: SessionData, secret: string, now?: number): string {
  return dumps(data, { secret, salt: KEY_SALT, compress: true, now });
}

// SessionBase._legacy_decode: base64("<sha1 salted_hmac hex>:<json>"), Django < 3.1.
function legacyDecode(sessionData: string, secret: string): unknown {
  const decoded = Buffer.from(sessionData, 'base64');
  const colon = decoded.indexOf(':');
  if (colon < 0) return {};
  const serialized = decoded.subarray(colon + 1);
  const expected = saltedHmac(LEGACY_KEY_SALT, serialized, secret).toString('hex');
  if (!constantTimeCompare(decoded.subarray(0, colon), expected)) return {};
  return JSON.parse(serialized.toString('latin1'));
}

/** SessionStore.decode: the session dict, {} when the data is tampered with or unreadable, as in Django. */
export function decodeSession(sessionData: string, secret: string): SessionData {
  let data: unknown;
  try {
    data = loads(sessionData, { secret, salt: KEY_SALT });
  } catch {
    if (!acceptsPre31Formats()) return {};
    try {
      data = legacyDecode(sessionData, secret);
    } catch {
      return {};
    }
  }
  // Only a payload signed with the real key can be a non-dict; Django would break on it later.
  return isPlainObject(data) ? data : {};
}

/** SessionBase._get_new_session_key's candidate: 32 chars of [a-z0-9] (check uniqueness against the table). */
export function newSessionKey(): string {
  return getRandomString(32, VALID_KEY_CHARS);
}

/** AbstractBaseUser.get_session_auth_hash() for a user whose password column is `passwordHash`. */
export function sessionAuthHash(passwordHash: string, secret: string): string {
  return saltedHmac(AUTH_HASH_KEY_SALT, passwordHash, secret, 'sha256').toString('hex');
}

/** get_user()'s session verification: the stored hash matches the current one (or, before Django 4.0, the legacy sha1 one). */
export function isSessionAuthHashValid(sessionHash: unknown, passwordHash: string, secret: string): boolean {
  if (typeof sessionHash !== 'string' || sessionHash === '') return false;
  return (
    constantTimeCompare(sessionHash, sessionAuthHash(passwordHash, secret)) ||
    (acceptsPre31Formats() && constantTimeCompare(sessionHash, saltedHmac(AUTH_HASH_KEY_SALT, passwordHash, secret, 'sha1').toString('hex')))
  );
}

/** SessionBase.get_expire_at_browser_close: a set expiry of 0 does, an unset one follows SESSION_EXPIRE_AT_BROWSER_CLOSE. */
export function expiresAtBrowserClose(data: SessionData): boolean {
  const expiry = data._session_expiry;
  if (expiry === undefined || expiry === null) return SETTINGS.SESSION_EXPIRE_AT_BROWSER_CLOSE;
  // Python's `expiry == 0` is also true for False.
  return expiry === 0 || expiry === false;
}

/** SessionBase.get_expiry_age: seconds until expiry; the row's expire_date is now + this. */
export function sessionExpiryAge(data: SessionData): number {
  const expiry = data._session_expiry;
  return typeof expiry === 'number' && expiry !== 0 ? expiry : SESSION_COOKIE_AGE;
}

/** The Set-Cookie value SessionMiddleware sends after saving a session under `sessionKey`. */
export function sessionCookieHeader(sessionKey: string, data: SessionData, now: number = Date.now() / 1000): string {
  const maxAge = expiresAtBrowserClose(data) ? null : sessionExpiryAge(data);
  return setCookieHeader(SESSION_COOKIE_NAME, sessionKey, {
    maxAge,
    domain: SETTINGS.SESSION_COOKIE_DOMAIN,
    path: SETTINGS.SESSION_COOKIE_PATH,
    secure: SETTINGS.SESSION_COOKIE_SECURE,
    httpOnly: SETTINGS.SESSION_COOKIE_HTTPONLY,
    sameSite: sameSiteOf(SETTINGS.SESSION_COOKIE_SAMESITE),
    now,
  });
}

/** The Set-Cookie value SessionMiddleware sends when the request had a session cookie and the session is now empty. */
export function deleteSessionCookieHeader(): string {
  return deleteCookieHeader(SESSION_COOKIE_NAME, { path: SETTINGS.SESSION_COOKIE_PATH, domain: SETTINGS.SESSION_COOKIE_DOMAIN, sameSite: sameSiteOf(SETTINGS.SESSION_COOKIE_SAMESITE) });
}
