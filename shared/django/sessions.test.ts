import { describe, expect, it } from 'vitest';
import { TEST_SECRET_KEY, runDjango } from '../../oracle/django-python.ts';
import {
  BACKEND_SESSION_KEY,
  HASH_SESSION_KEY,
  SESSION_KEY,
  decodeSession,
  deleteSessionCookieHeader,
  encodeSession,
  expiresAtBrowserClose,
  isSessionAuthHashValid,
  newSessionKey,
  sessionAuthHash,
  sessionCookieHeader,
  sessionExpiryAge,
  type SessionData,
} from './sessions.ts';

const secret = TEST_SECRET_KEY;
const NOW = 1_700_000_000.75;

const SESSIONS: SessionData[] = [
  {},
  { [SESSION_KEY]: '42', [BACKEND_SESSION_KEY]: 'django.contrib.auth.backends.ModelBackend', [HASH_SESSION_KEY]: 'abc' },
  { cart: [1, 2, 3], note: 'ünïcödé 😀 "quoted"', nested: { deep: [true, null, 1.5] } },
  { big: 'x'.repeat(2000), _session_expiry: 3600 },
];

// Expiry variants as set_expiry() leaves them with the JSON serializer.
const EXPIRIES: SessionData[] = [{}, { _session_expiry: 0 }, { _session_expiry: 3600 }, { _session_expiry: null }];

const PASSWORDS = [
  'pbkdf2_sha256$260000$abcdefghijklmnopqrstuv$hash=',
  'md5$salt$0123456789abcdef0123456789abcdef',
  '!unusable',
  '',
];

function tamper(value: string, at: number): string {
  return value.slice(0, at) + (value.charAt(at) === 'A' ? 'B' : 'A') + value.slice(at + 1);
}

const tsEncoded = SESSIONS.map((data) => encodeSession(data, secret));
const GARBAGE = ['', 'garbage', ':', 'a:b:c', '.', 'Zm9vOmJhcg==', tamper(tsEncoded[1]!, 10), tamper(tsEncoded[3]!, tsEncoded[3]!.length - 3)];
const tsKeys = Array.from({ length: 20 }, newSessionKey);

interface Oracle {
  tsDecoded: SessionData[];
  garbage: SessionData[];
  wrongKey: SessionData;
  dj: { encoded: string[]; legacy: string[] };
  authHash: string[];
  legacyAuthHash: string[];
  keysValid: boolean[];
  expiry: Array<{ age: number; browserClose: boolean; cookie: string }>;
  deleteCookie: string;
}

const oracle = runDjango<Oracle>(
  `
  from unittest import mock
  from django.conf import settings
  from django.contrib.auth.models import User
  from django.contrib.sessions.backends.base import SessionBase
  from django.contrib.sessions.backends.db import SessionStore
  from django.contrib.sessions.middleware import SessionMiddleware
  from django.http import HttpResponse
  from django.test import RequestFactory

  store = SessionStore()

  class MemoryStore(SessionBase):
      """SessionBase with storage stubbed out, so the real middleware can run without a database."""
      def exists(self, key): return False
      def save(self, must_create=False): pass
      def delete(self, key=None): pass
      def load(self): return {}

  def cookie_for(data):
      request = RequestFactory().get('/')
      session = MemoryStore(INPUT['session_key'])
      session._session_cache = dict(data)
      session.modified = True
      request.session = session
      response = SessionMiddleware(lambda r: HttpResponse()).process_response(request, HttpResponse())
      return response.cookies[settings.SESSION_COOKIE_NAME].output(header='')[1:]

  def delete_cookie():
      request = RequestFactory().get('/', HTTP_COOKIE='sessionid=whatever')
      session = MemoryStore(None)
      session._session_cache = {}
      request.session = session
      response = SessionMiddleware(lambda r: HttpResponse()).process_response(request, HttpResponse())
      return response.cookies[settings.SESSION_COOKIE_NAME].output(header='')[1:]

  def loaded(data):
      session = MemoryStore()
      session._session_cache = dict(data)
      return session

  with mock.patch('time.time', return_value=INPUT['now']):
      expiry = [{
          'age': loaded(d).get_expiry_age(),
          'browserClose': loaded(d).get_expire_at_browser_close(),
          'cookie': cookie_for(d),
      } for d in INPUT['expiries']]

  print(json.dumps({
      'tsDecoded': [store.decode(s) for s in INPUT['ts']],
      'garbage': [store.decode(s) for s in INPUT['garbage']],
      'wrongKey': SessionStore().decode(INPUT['wrong_key']),
      'dj': {
          'encoded': [store.encode(d) for d in INPUT['sessions']],
          'legacy': [store._legacy_encode(d) for d in INPUT['sessions']],
      },
      'authHash': [User(password=p).get_session_auth_hash() for p in INPUT['passwords']],
      'legacyAuthHash': [User(password=p)._legacy_get_session_auth_hash() for p in INPUT['passwords']],
      'keysValid': [bool(store._validate_session_key(k)) and k.lower() == k for k in INPUT['keys']],
      'expiry': expiry,
      'deleteCookie': delete_cookie(),
  }))
  `,
  {
    ts: tsEncoded,
    garbage: GARBAGE,
    wrong_key: encodeSession({ a: 1 }, 'not the secret'),
    sessions: SESSIONS,
    passwords: PASSWORDS,
    keys: tsKeys,
    expiries: EXPIRIES,
    now: NOW,
    session_key: 'abcdefghijklmnopqrstuvwxyz012345',
  },
);

describe('encodeSession / decodeSession', () => {
  it("encodes session_data that Django's SessionStore.decode reads", () => {
    expect(oracle.tsDecoded).toEqual(SESSIONS);
  });

  it("decodes Django's SessionStore.encode output", () => {
    expect(oracle.dj.encoded.map((s) => decodeSession(s, secret))).toEqual(SESSIONS);
  });

  it('decodes the pre-3.1 legacy format', () => {
    expect(oracle.dj.legacy.map((s) => decodeSession(s, secret))).toEqual(SESSIONS);
  });

  it('compresses like Django (large sessions get the "." prefix)', () => {
    expect(tsEncoded.map((s) => s.startsWith('.'))).toEqual(oracle.dj.encoded.map((s) => s.startsWith('.')));
    expect(tsEncoded[3]!.startsWith('.')).toBe(true);
  });

  it('yields {} for tampered or garbage data, as Django does', () => {
    expect(oracle.garbage).toEqual(GARBAGE.map(() => ({})));
    expect(GARBAGE.map((s) => decodeSession(s, secret))).toEqual(oracle.garbage);
  });

  it('yields {} for data signed with another key, current or legacy format', () => {
    expect(oracle.wrongKey).toEqual({});
    expect(decodeSession(oracle.dj.encoded[2]!, 'not the secret')).toEqual({});
    expect(decodeSession(oracle.dj.legacy[2]!, 'not the secret')).toEqual({});
  });
});

describe('session auth hash', () => {
  it('equals get_session_auth_hash()', () => {
    expect(PASSWORDS.map((p) => sessionAuthHash(p, secret))).toEqual(oracle.authHash);
  });

  it('accepts the current and the legacy sha1 hash, nothing else', () => {
    PASSWORDS.forEach((p, i) => {
      expect(isSessionAuthHashValid(oracle.authHash[i], p, secret)).toBe(true);
      expect(isSessionAuthHashValid(oracle.legacyAuthHash[i], p, secret)).toBe(true);
      expect(isSessionAuthHashValid(oracle.authHash[(i + 1) % PASSWORDS.length], p, secret)).toBe(false);
    });
    expect(isSessionAuthHashValid('', '', secret)).toBe(false);
    expect(isSessionAuthHashValid(undefined, PASSWORDS[0]!, secret)).toBe(false);
  });
});

describe('session keys', () => {
  it('are 32 lowercase alphanumerics that Django accepts', () => {
    expect(oracle.keysValid).toEqual(tsKeys.map(() => true));
    for (const key of tsKeys) expect(key).toMatch(/^[a-z0-9]{32}$/);
    expect(new Set(tsKeys).size).toBe(tsKeys.length);
  });
});

describe('session cookie', () => {
  it('equals what SessionMiddleware sets, for every expiry variant', () => {
    expect(EXPIRIES.map((d) => sessionCookieHeader('abcdefghijklmnopqrstuvwxyz012345', d, NOW))).toEqual(
      oracle.expiry.map((e) => e.cookie),
    );
  });

  it('computes expiry age and browser-close like SessionBase', () => {
    expect(EXPIRIES.map(sessionExpiryAge)).toEqual(oracle.expiry.map((e) => e.age));
    expect(EXPIRIES.map(expiresAtBrowserClose)).toEqual(oracle.expiry.map((e) => e.browserClose));
  });

  it('deletes the cookie exactly as SessionMiddleware does', () => {
    expect(deleteSessionCookieHeader()).toBe(oracle.deleteCookie);
  });
});
