import { describe, expect, it } from 'vitest';
import { drfAnswer } from './fixtures.ts';
import type { ObservedAnswer } from './types.ts';
import { comparable } from './view.ts';

const text = (body: string, headers: Array<[string, string]> = []): ObservedAnswer => ({ status: 200, headers, body: Buffer.from(body) });

describe('comparable', () => {
  it('keeps only the headers Django decides, lower-cased, repeated ones joined', () => {
    const answer = drfAnswer({ ok: true }, { headers: [['X-Canopy-Backend', 'monolith'], ['Keep-Alive', 'timeout=5'], ['Cache-Control', 'no-cache'], ['cache-control', 'no-store']] });
    const { a } = comparable(answer, answer, {});
    expect(a).toMatchObject({ status: 200 });
    expect((a as { header: object }).header).toEqual({
      'content-type': 'application/json',
      vary: { accept: 'accept', cookie: 'cookie' },
      allow: 'GET, POST, HEAD, OPTIONS',
      'x-frame-options': 'DENY',
      'content-length': '11',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'same-origin',
      'cache-control': 'no-cache, no-store',
    });
  });

  it('reads cookies as name and attributes, the value as empty/set and expires as present', () => {
    const answer = text('', [
      ['Set-Cookie', 'csrftoken=Zq1x9; expires=Wed, 30 Apr 2025 09:20:11 GMT; Max-Age=31449600; Path=/; SameSite=Lax'],
      ['Set-Cookie', 'sessionid=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=Lax'],
      ['Set-Cookie', 'messages=abc; HttpOnly; Path=/'],
      ['Expires', 'Wed, 01 May 2024 09:30:11 GMT'],
    ]);
    const { a } = comparable(answer, answer, {}) as { a: { cookie: object; header: object } };
    expect(a.cookie).toEqual({
      csrftoken: { value: 'set', expires: 'present', 'max-age': '31449600', path: '/', samesite: 'Lax' },
      sessionid: { value: 'empty', expires: 'present', 'max-age': '0', path: '/', samesite: 'Lax' },
      messages: { value: 'set', httponly: 'true', path: '/' },
    });
    expect(a.header).toEqual({ expires: 'present' });
  });

  it('parses bodies as JSON only when both sides parse, whatever the Content-Type', () => {
    expect(comparable(text('{"a":1}'), text('[1]'), {})).toMatchObject({ jsonBody: true, a: { body: { a: 1 } }, b: { body: [1] } });
    expect(comparable(text('{"a":1}'), text('<h1>Server Error (500)</h1>'), {})).toMatchObject({
      jsonBody: false,
      a: { body: '{"a":1}' },
      b: { body: '<h1>Server Error (500)</h1>' },
    });
    expect(comparable(text(''), text(''), {})).toMatchObject({ jsonBody: false, a: { body: '' } });
  });
});
