import { describe, expect, it } from 'vitest';
import { runDjango } from '../../oracle/django-python.ts';
import {
  REASON_BAD_TOKEN,
  REASON_NO_CSRF_COOKIE,
  REASON_NO_REFERER,
  checkCsrf,
  compareMaskedTokens,
  csrfCookieHeader,
  getToken,
  maskCipherSecret,
  newCsrfSecret,
  newCsrfToken,
  sanitizeToken,
  unmaskCipherToken,
  type CsrfRequest,
} from './csrf.ts';
import { csrfFailureResponse } from './csrf-failure.ts';
import { parseReferer } from './referer.ts';

const NOW = 1_700_000_000.5;
const secret = newCsrfSecret();
const cookie = maskCipherSecret(secret);
const otherCookie = newCsrfToken();
const legacyCookie = newCsrfSecret(); // pre-1.10 unmasked 32-char cookie

/** One CSRF scenario: what the browser sends. */
interface Scenario {
  method: string;
  secure: boolean;
  host: string;
  referer?: string;
  cookie?: string;
  form?: string;
  header?: string;
}

const https = (extra: Partial<Scenario>): Scenario => ({
  method: 'POST',
  secure: true,
  host: 'example.com',
  referer: 'https://example.com/form/',
  cookie,
  ...extra,
});

const SCENARIOS: Scenario[] = [
  { method: 'GET', secure: false, host: 'example.com' },
  { method: 'HEAD', secure: true, host: 'example.com' },
  { method: 'POST', secure: false, host: 'example.com' },
  { method: 'POST', secure: false, host: 'example.com', cookie },
  { method: 'POST', secure: false, host: 'example.com', cookie, form: maskCipherSecret(secret) },
  { method: 'POST', secure: false, host: 'example.com', cookie, header: maskCipherSecret(secret) },
  { method: 'POST', secure: false, host: 'example.com', cookie, form: otherCookie, header: maskCipherSecret(secret) },
  { method: 'POST', secure: false, host: 'example.com', cookie, form: '', header: maskCipherSecret(secret) },
  { method: 'POST', secure: false, host: 'example.com', cookie: otherCookie, form: cookie },
  { method: 'PUT', secure: false, host: 'example.com', cookie, header: cookie },
  { method: 'DELETE', secure: false, host: 'example.com', cookie, form: cookie },
  { method: 'PATCH', secure: false, host: 'example.com', cookie, header: secret },
  { method: 'POST', secure: false, host: 'example.com', cookie: legacyCookie, form: maskCipherSecret(legacyCookie) },
  { method: 'POST', secure: false, host: 'example.com', cookie: legacyCookie, header: legacyCookie },
  { method: 'POST', secure: false, host: 'example.com', cookie: `${cookie.slice(0, 63)}!`, form: cookie },
  { method: 'POST', secure: false, host: 'example.com', cookie: '', form: '' },
  { method: 'POST', secure: false, host: 'example.com', cookie: cookie.slice(0, 40), form: cookie.slice(0, 40) },
  https({ form: cookie }),
  https({ referer: undefined, form: cookie }),
  https({ referer: '', form: cookie }),
  https({ referer: 'example.com/form', form: cookie }),
  https({ referer: 'http://example.com/form', form: cookie }),
  https({ referer: 'https://evil.com/form?x=1#frag', form: cookie }),
  https({ referer: 'https://EXAMPLE.com/', form: cookie }),
  https({ referer: 'https://example.com:443/', form: cookie }),
  https({ referer: 'https://user@example.com/', form: cookie }),
  https({ referer: 'https://example.com.evil.com/', form: cookie }),
  https({ referer: 'https://evil.com/p;params?;#', form: cookie }),
  https({ referer: '  \t https://evil.com/a\nb', form: cookie }),
  https({ referer: 'HTTPS://example.com/', header: cookie }),
  https({ host: 'example.com:8443', referer: 'https://example.com:8443/x', header: cookie }),
  https({ host: 'example.com:8443', referer: 'https://example.com/x', header: cookie }),
  https({ host: 'not-allowed.com', referer: 'https://not-allowed.com/', form: cookie }),
  https({ host: 'EXAMPLE.COM', referer: 'https://example.com/', form: cookie }),
  https({ referer: 'https://example.com/', cookie: undefined, form: cookie }),
  https({ referer: 'https://example.com/', form: otherCookie }),
];

const REFERERS = [
  'https://example.com/a/b;c;d?e=f#g',
  'https://example.com',
  'https://example.com?',
  'https://example.com/#',
  'HTTPS://Example.COM/Path',
  '//example.com/path',
  'http:example.com',
  'ftp:/x',
  'mailto:someone@example.com',
  'foo:bar;baz',
  '1https://example.com/',
  'https:///path',
  'https://[::1]:8000/',
  'https://[v1.fe80::a]/',
  'https://exa\u2100mple.com/',
  'https://[::1/',
  'https://::1]/',
  'https://[example.com]/',
  'https://[127.0.0.1]/',
  'https://x[::1]/',
  'https://[::1]x/',
  'https://a\u2100c.com/',
];

const failureReasons = [REASON_NO_REFERER, REASON_NO_CSRF_COOKIE, REASON_BAD_TOKEN, 'Referer checking failed - https://evil.com/ does not match any trusted origins.', ''];

const tsMasked = Array.from({ length: 10 }, () => {
  const s = newCsrfSecret();
  return [s, maskCipherSecret(s)];
});
const tsRotated = newCsrfToken();
const tsGetToken = getToken(cookie);
const tsGetTokenFresh = getToken();
const tsGetTokenLegacy = getToken(legacyCookie);

interface Oracle {
  scenarios: Array<{ host: string | null; reason: string | null }>;
  unmasked: string[];
  compareTs: boolean[];
  djMasked: Array<[string, string]>;
  sanitized: string[];
  rotated: { cookie: string; secretChanged: boolean };
  getToken: boolean[];
  referers: Array<{ scheme: string; netloc: string; url: string } | null>;
  cookie: string;
  failures: Array<{ status: number; contentType: string; body: string }>;
}

const oracle = runDjango<Oracle>(
  `
  from unittest import mock
  from urllib.parse import urlparse
  from django.core.exceptions import DisallowedHost
  from django.http import HttpResponse
  from django.middleware import csrf
  from django.middleware.csrf import CsrfViewMiddleware
  from django.test import RequestFactory
  from django.views.csrf import csrf_failure

  class ReasonMiddleware(CsrfViewMiddleware):
      """The real middleware, answering with the rejection reason instead of the 403 page."""
      def _reject(self, request, reason):
          return reason

  def view(request):
      return HttpResponse()

  def scenario(s):
      extra = {'HTTP_HOST': s['host']}
      if s.get('referer') is not None:
          extra['HTTP_REFERER'] = s['referer']
      if s.get('cookie') is not None:
          extra['HTTP_COOKIE'] = 'csrftoken=' + s['cookie']
      if s.get('header') is not None:
          extra['HTTP_X_CSRFTOKEN'] = s['header']
      body = '' if s.get('form') is None else 'csrfmiddlewaretoken=' + s['form']
      request = RequestFactory().generic(
          s['method'], '/submit/', body, content_type='application/x-www-form-urlencoded', secure=s['secure'], **extra)
      try:
          host = request.get_host()
      except DisallowedHost:
          host = None
      middleware = ReasonMiddleware(view)
      middleware.process_request(request)
      return {'host': host, 'reason': middleware.process_view(request, view, (), {})}

  def parsed(url):
      try:
          p = urlparse(url)
      except ValueError:
          return None
      return {'scheme': p.scheme, 'netloc': p.netloc, 'url': p.geturl()}

  def rotated():
      request = RequestFactory().get('/', HTTP_COOKIE='csrftoken=' + INPUT['cookie'])
      CsrfViewMiddleware(view).process_request(request)
      csrf.rotate_token(request)
      new = request.META['CSRF_COOKIE']
      return {'cookie': new, 'secretChanged': csrf._unmask_cipher_token(new) != INPUT['secret']}

  def cookie_header():
      request = RequestFactory().get('/', HTTP_COOKIE='csrftoken=' + INPUT['cookie'])
      middleware = CsrfViewMiddleware(view)
      middleware.process_request(request)
      csrf.get_token(request)
      with mock.patch('time.time', return_value=INPUT['now']):
          response = middleware.process_response(request, HttpResponse())
      return response.cookies['csrftoken'].output(header='')[1:]

  def failure(reason):
      response = csrf_failure(RequestFactory().post('/'), reason=reason)
      return {'status': response.status_code, 'contentType': response['Content-Type'], 'body': response.content.decode()}

  djMasked = []
  for _ in range(10):
      s = csrf._get_new_csrf_string()
      djMasked.append([s, csrf._mask_cipher_secret(s)])

  print(json.dumps({
      'scenarios': [scenario(s) for s in INPUT['scenarios']],
      'unmasked': [csrf._unmask_cipher_token(t) for _, t in INPUT['tsMasked']],
      'compareTs': [csrf._compare_masked_tokens(t, csrf._mask_cipher_secret(s)) for s, t in INPUT['tsMasked']],
      'djMasked': djMasked,
      'sanitized': [csrf._sanitize_token(t) for t in INPUT['sanitize']],
      'rotated': rotated(),
      'getToken': [csrf._compare_masked_tokens(csrf._sanitize_token(t['token']), csrf._sanitize_token(t['cookie'])) for t in INPUT['getToken']]
          + [csrf._unmask_cipher_token(INPUT['getToken'][2]['token']) == INPUT['legacy']],
      'referers': [parsed(u) for u in INPUT['referers']],
      'cookie': cookie_header(),
      'failures': [failure(r) for r in INPUT['failureReasons']],
  }))
  `,
  {
    scenarios: SCENARIOS,
    tsMasked,
    sanitize: [cookie, legacyCookie, 'bad!', '', 'x'.repeat(63)],
    secret,
    cookie,
    legacy: legacyCookie,
    getToken: [tsGetToken, tsGetTokenFresh, tsGetTokenLegacy],
    referers: REFERERS,
    now: NOW,
    failureReasons,
  },
  { settings: { ALLOWED_HOSTS: ['example.com', 'example.com:8443'] } },
);

const toRequest = (s: Scenario, host: string | null): CsrfRequest => ({
  method: s.method,
  secure: s.secure,
  host,
  referer: s.referer,
  cookieToken: s.cookie,
  formToken: s.form,
  headerToken: s.header,
});

describe('checkCsrf', () => {
  it.each(SCENARIOS.map((s, i) => [i, s.method, s.secure ? 'https' : 'http', s] as const))(
    'scenario %i (%s over %s) gives the reason CsrfViewMiddleware gives',
    (i, _method, _scheme, scenario) => {
      const { host, reason } = oracle.scenarios[i]!;
      expect(checkCsrf(toRequest(scenario, host))).toBe(reason);
    },
  );

  it('covers acceptance and every reason', () => {
    const reasons = new Set(oracle.scenarios.map((s) => s.reason?.replace(/ - https?:.* does not/, ' - %s does not') ?? null));
    expect(reasons.size).toBe(7);
  });

  it("throws where Django's urlparse raises on the Referer", () => {
    expect(() => checkCsrf(toRequest(https({ referer: 'https://[::1/' }), 'example.com'))).toThrow('Invalid IPv6 URL');
  });
});

describe('token masking', () => {
  it('TS-masked tokens unmask to their secret in Django and compare equal there', () => {
    expect(oracle.unmasked).toEqual(tsMasked.map(([s]) => s));
    expect(oracle.compareTs).toEqual(tsMasked.map(() => true));
  });

  it('Django-masked tokens unmask to their secret here and compare equal here', () => {
    for (const [s, token] of oracle.djMasked) {
      expect(unmaskCipherToken(token)).toBe(s);
      expect(compareMaskedTokens(token, maskCipherSecret(s))).toBe(true);
      expect(compareMaskedTokens(token, newCsrfToken())).toBe(false);
    }
  });

  it('masks with a fresh mask every time', () => {
    expect(maskCipherSecret(secret)).not.toBe(maskCipherSecret(secret));
  });
});

describe('sanitizeToken', () => {
  it('keeps a 64-char token and masks a legacy 32-char secret as Django does', () => {
    expect(sanitizeToken(cookie)).toBe(oracle.sanitized[0]);
    expect(unmaskCipherToken(sanitizeToken(legacyCookie))).toBe(unmaskCipherToken(oracle.sanitized[1]!));
    expect(unmaskCipherToken(oracle.sanitized[1]!)).toBe(legacyCookie);
  });

  it('replaces anything else with a fresh random token, as Django does', () => {
    for (const [i, bad] of [[2, 'bad!'], [3, ''], [4, 'x'.repeat(63)]] as const) {
      expect(oracle.sanitized[i]).toMatch(/^[a-zA-Z0-9]{64}$/);
      expect(sanitizeToken(bad)).toMatch(/^[a-zA-Z0-9]{64}$/);
      expect(sanitizeToken(bad)).not.toBe(sanitizeToken(bad));
    }
  });
});

describe('rotate / get_token', () => {
  it('newCsrfToken is what rotate_token leaves: a masked token of a new secret', () => {
    expect(oracle.rotated.cookie).toMatch(/^[a-zA-Z0-9]{64}$/);
    expect(oracle.rotated.secretChanged).toBe(true);
    expect(tsRotated).toMatch(/^[a-zA-Z0-9]{64}$/);
    expect(unmaskCipherToken(tsRotated)).not.toBe(secret);
  });

  it("getToken's token matches its cookie in Django, also for a missing or legacy cookie", () => {
    expect(oracle.getToken).toEqual([true, true, true, true]);
    expect(tsGetToken.cookie).toBe(cookie);
    expect(tsGetToken.token).not.toBe(cookie);
  });
});

describe('urlparse subset', () => {
  it.each(REFERERS.map((u, i) => [i, u] as const))('case %i (%j) equals urlparse', (i, url) => {
    const expected = oracle.referers[i];
    if (expected === null) expect(() => parseReferer(url)).toThrow();
    else expect(parseReferer(url)).toEqual(expected);
  });
});

describe('csrf cookie and failure page', () => {
  it('sets the cookie exactly as CsrfViewMiddleware does', () => {
    expect(csrfCookieHeader(cookie, NOW)).toBe(oracle.cookie);
  });

  it.each(failureReasons.map((r, i) => [i, r] as const))('failure page %i equals csrf_failure (DEBUG=False)', (i, reason) => {
    const expected = oracle.failures[i]!;
    const response = csrfFailureResponse(reason);
    expect(response.status).toBe(expected.status);
    expect(response.headers['Content-Type']).toBe(expected.contentType);
    expect(response.body).toBe(expected.body);
  });
});
