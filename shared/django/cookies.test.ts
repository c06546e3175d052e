import { describe, expect, it } from 'vitest';
import { runDjango } from '../../oracle/django-python.ts';
import { deleteCookieHeader, httpDate, parseCookie, setCookieHeader, type SetCookieOptions } from './cookies.ts';

const NOW = 1_700_000_000.9;

// [name, value, options] in HttpResponse.set_cookie's terms (snake_case keys go to Django).
const SET_CASES: Array<[string, string, SetCookieOptions]> = [
  ['sessionid', 'abc123', { maxAge: 1209600, httpOnly: true, sameSite: 'Lax' }],
  ['csrftoken', 'tok', { maxAge: 31449600, sameSite: 'Lax' }],
  ['plain', 'v', {}],
  ['all', 'v', { maxAge: 60, path: '/app', domain: '.example.com', secure: true, httpOnly: true, sameSite: 'Strict' }],
  ['given_expires', 'v', { maxAge: 10, expires: 'Wed, 21 Oct 2015 07:28:00 GMT' }],
  ['no_path', 'v', { path: null, sameSite: 'None', secure: true }],
  ['fraction', 'v', { maxAge: 1.9 }],
  ['empty', '', {}],
  ['quoted', 'a b;c"d\\e,f', {}],
  ['latin1', 'é\u007f\u0001', {}],
  ['unicode', '€😀', {}],
  ['legal', "!#$%&'*+-.^_`|~:", {}],
];

const DELETE_CASES: Array<[string, Pick<SetCookieOptions, 'path' | 'domain' | 'sameSite'>]> = [
  ['sessionid', { sameSite: 'Lax' }],
  ['sessionid', {}],
  ['__Host-id', { path: '/x', domain: 'example.com' }],
  ['__Secure-id', {}],
  ['cross', { sameSite: 'None' }],
];

const DATES = [0, 1, 86399.999, NOW, 253402300799];

const COOKIE_HEADERS = [
  'sessionid=abc; csrftoken=def',
  'a=1; a=2',
  '  spaced  =  value  ;novalue; =emptyname; ;',
  'q="quoted \\"inner\\" \\101\\102 \\\\ end"; short="; lone="x',
  'eq=a=b=c; \u001cx\u001f=\u0085y\u00a0',
  'bom=\ufeffv\ufeff',
  '',
];

const toDjango = (o: SetCookieOptions) => ({
  max_age: o.maxAge,
  expires: o.expires,
  path: o.path === undefined ? '/' : o.path,
  domain: o.domain,
  secure: o.secure ?? false,
  httponly: o.httpOnly ?? false,
  samesite: o.sameSite,
});

const oracle = runDjango<{ set: string[]; delete: string[]; dates: string[]; parsed: Array<Array<[string, string]>> }>(
  `
  from unittest import mock
  from django.http import HttpResponse
  from django.http.cookie import parse_cookie
  from django.utils.http import http_date

  def output(response, name):
      # Morsel.output(header='') starts with the space that followed 'Set-Cookie:'.
      return response.cookies[name].output(header='')[1:]

  def set_cookie(name, value, options):
      response = HttpResponse()
      response.set_cookie(name, value, **{k: v for k, v in options.items() if v is not None or k == 'path'})
      return output(response, name)

  def delete_cookie(name, options):
      response = HttpResponse()
      response.delete_cookie(name, **options)
      return output(response, name)

  with mock.patch('time.time', return_value=INPUT['now']):
      out = {
          'set': [set_cookie(*case) for case in INPUT['set']],
          'delete': [delete_cookie(*case) for case in INPUT['delete']],
      }
  out['dates'] = [http_date(t) for t in INPUT['dates']]
  out['parsed'] = [list(parse_cookie(h).items()) for h in INPUT['headers']]
  print(json.dumps(out))
  `,
  {
    now: NOW,
    set: SET_CASES.map(([name, value, options]) => [name, value, toDjango(options)]),
    delete: DELETE_CASES.map(([name, o]) => [name, { path: o.path ?? '/', domain: o.domain ?? null, samesite: o.sameSite ?? null }]),
    dates: DATES,
    headers: COOKIE_HEADERS,
  },
);

describe('setCookieHeader', () => {
  it.each(SET_CASES.map((c, i) => [i, ...c] as const))('case %i (%s) equals set_cookie', (i, name, value, options) => {
    expect(setCookieHeader(name, value, { ...options, now: NOW })).toBe(oracle.set[i]);
  });

  it('refuses a name Morsel would refuse', () => {
    expect(() => setCookieHeader('bad name', 'v')).toThrow('Illegal cookie name');
  });
});

describe('deleteCookieHeader', () => {
  it.each(DELETE_CASES.map((c, i) => [i, ...c] as const))('case %i (%s) equals delete_cookie', (i, name, options) => {
    expect(deleteCookieHeader(name, options)).toBe(oracle.delete[i]);
  });
});

describe('httpDate', () => {
  it('equals django.utils.http.http_date', () => {
    expect(DATES.map(httpDate)).toEqual(oracle.dates);
  });
});

describe('parseCookie', () => {
  it.each(COOKIE_HEADERS.map((h, i) => [i, h] as const))('case %i equals parse_cookie', (i, header) => {
    expect([...parseCookie(header)]).toEqual(oracle.parsed[i]);
  });
});
