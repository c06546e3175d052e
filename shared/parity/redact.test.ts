import { describe, expect, it } from 'vitest';
import { copyAsCurl } from './curl.ts';
import { diffAnswers } from './diff.ts';
import { drfAnswer } from './fixtures.ts';
import { isSecretName, REDACTED, redactAnswer, redactDifferences, redactRequest } from './redact.ts';
import type { ObservedAnswer, ObservedRequest } from './types.ts';

/** A small seeded generator, so every run tries the same shapes. */
function random(seed: number) {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return { pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!, int: (n: number) => Math.floor(next() * n) };
}

const SECRET_FIELDS = ['password', 'new_password', 'passwd', 'token', 'auth_token', 'refreshToken', 'csrfmiddlewaretoken', 'secret', 'client_secret', 'api_key', 'apiKey', 'key', 'signature', 'card_number', 'cardNumber', 'cvc', 'pin', 'otp', 'sessionid', 'privateKey'];
const SECRET_HEADERS = ['x-csrftoken', 'payment-signature', 'x-api-key', 'x-auth-token', 'x-hub-signature-256', 'x-webhook-secret', 'x-session-key'];
const SCHEMES = ['Token', 'Bearer', 'Basic'];

/** One generated request with secrets in many places; `secrets` lists every secret value planted. */
function generatedRequest(seed: number): { request: ObservedRequest; secrets: string[] } {
  const r = random(seed);
  const secrets: string[] = [];
  const secret = () => {
    const value = `s3cr3t${seed}x${secrets.length}q${r.int(1e9)}`;
    secrets.push(value);
    return value;
  };
  const numberSecret = () => {
    const digits = `9${seed}${secrets.length}${r.int(1e9)}`.slice(0, 15);
    secrets.push(digits);
    return Number(digits);
  };
  // Secret values in JSON: strings, numbers, or whole objects under a secret name, at some depth.
  const jsonSecret = (): unknown => r.pick([secret, numberSecret, () => ({ number: secret(), exp: '12/29' })])();
  const nest = (depth: number): Record<string, unknown> => {
    const node: Record<string, unknown> = { username: 'alice', quantity: '1500.000', [r.pick(SECRET_FIELDS)]: jsonSecret() };
    if (depth > 0) node[r.pick(['payment', 'auth', 'items', 'meta'])] = r.int(2) ? nest(depth - 1) : [nest(depth - 1), { note: 'plain' }];
    return node;
  };
  const pairs = () => [`page=2`, `${r.pick(SECRET_FIELDS)}=${secret()}`, `username=alice`, `${encodeURIComponent(r.pick(SECRET_FIELDS))}=${secret()}`];
  const boundary = `----canopy${seed}`;
  const bodies: Array<[string | undefined, Buffer]> = [
    ['application/json', Buffer.from(JSON.stringify(nest(r.int(4))))],
    ['application/json; charset=utf-8', Buffer.from(JSON.stringify([nest(1), nest(0)]))],
    ['application/x-www-form-urlencoded', Buffer.from(pairs().join('&'))],
    [undefined, Buffer.from(pairs().join('&'))],
    [
      `multipart/form-data; boundary=${boundary}`,
      Buffer.from(
        [`--${boundary}`, 'Content-Disposition: form-data; name="username"', '', 'alice', `--${boundary}`, `Content-Disposition: form-data; name="${r.pick(SECRET_FIELDS)}"`, '', secret(), `--${boundary}--`, ''].join('\r\n'),
      ),
    ],
  ];
  const [contentType, body] = r.pick(bodies);
  const length = String(body.length);
  const cookies = ['csrftoken', 'sessionid', 'messages', 'theme'].slice(0, 1 + r.int(4)).map((name) => `${name}=${secret()}`);
  const headers: Record<string, string | undefined> = {
    host: 'api.canopy.example',
    accept: 'application/json',
    'content-type': contentType,
    'content-length': length,
    cookie: cookies.join('; '),
    authorization: `${r.pick(SCHEMES)} ${secret()}`,
    [r.pick(SECRET_HEADERS)]: secret(),
    [r.pick(SECRET_HEADERS)]: `t=1714555211,v1=${secret()}`,
  };
  return { request: { method: r.pick(['POST', 'PUT', 'PATCH']), path: '/api/orders/', rawQuery: pairs().join('&'), headers, body }, secrets };
}

const snapshot = (request: ObservedRequest) => JSON.stringify({ ...request, body: request.body.toString('hex') });

describe('isSecretName', () => {
  it('knows secret-looking names in any casing or separator style', () => {
    for (const name of [...SECRET_FIELDS, ...SECRET_HEADERS, 'Authorization', 'X-CSRFToken', 'Payment-Signature', 'Cookie', 'cvv', 'creditCard', 'jwt', 'hmac_sha256'])
      expect(isSecretName(name), name).toBe(true);
  });

  it('leaves ordinary fields alone, even those containing a short secret word', () => {
    for (const name of ['username', 'quantity', 'shipping_address', 'author', 'is_authenticated', 'monkey', 'keyboard_layout', 'status', 'window_start', 'www-authenticate', 'keep-alive', 'vary', 'design'])
      expect(isSecretName(name), name).toBe(false);
  });
});

describe('redactRequest', () => {
  it('lets no planted secret survive, in 300 generated requests, and neither does copy as curl', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const { request, secrets } = generatedRequest(seed);
      const before = snapshot(request);
      const redacted = redactRequest(request);
      const stored = `${snapshot(redacted)} ${redacted.body.toString('utf8')} ${copyAsCurl(request, 'http://127.0.0.1:8000')}`;
      for (const secret of secrets) expect(stored, `seed ${seed}`).not.toContain(secret);
      expect(stored).toContain(REDACTED);
      expect(snapshot(request), 'input untouched').toBe(before);
      expect(redacted.rawQuery).toMatch(/^page=2&.*&username=alice&/);
    }
  });

  it('keeps names, schemes and everything that is not secret', () => {
    const request: ObservedRequest = {
      method: 'POST',
      path: '/api/auth/login/',
      rawQuery: 'next=%2Forders%2F&api_key=abc123',
      headers: {
        cookie: 'csrftoken=Zq1x9Zq1x9; sessionid=; theme=dark',
        authorization: 'Token 35febdf6ec676c0033fb5af6e4101c8f10c6be72',
        'x-csrftoken': 'Zq1x9Zq1x9',
        'payment-signature': 't=1714555211,v1=9f86d081884c7d659a2feaa0c55ad015',
        'content-type': 'application/json; charset=utf-8',
        'content-length': '110',
        'user-agent': 'canopy-test',
        'x-absent': undefined,
      },
      body: Buffer.from('{"username":"alice","password":"canopy-demo-1","remember":true,"token":null,"meta":{"csrfmiddlewaretoken":""}}'),
    };
    const body = Buffer.from(`{"username": "alice", "password": "${REDACTED}", "remember": true, "token": null, "meta": {"csrfmiddlewaretoken": ""}}`);
    expect(redactRequest(request)).toEqual({
      method: 'POST',
      path: '/api/auth/login/',
      rawQuery: 'next=%2Forders%2F&api_key=%5Bredacted%5D',
      headers: {
        cookie: `csrftoken=${REDACTED}; sessionid=; theme=${REDACTED}`,
        authorization: `Token ${REDACTED}`,
        'x-csrftoken': REDACTED,
        'payment-signature': REDACTED,
        'content-type': 'application/json',
        'content-length': String(body.length),
        'user-agent': 'canopy-test',
        'x-absent': undefined,
      },
      body,
    });
  });

  it('stores a body as the function\'s parser read it: re-encoded (ints, floats and decimals as Python writes them), nothing added', () => {
    const body = Buffer.from('{"site":4,"quantity":"1500.500","ratio":1.0,"big":123456789012345678901234567890,"tiny":1e-7}');
    const redacted = redactRequest({ method: 'POST', path: '/api/orders/', rawQuery: '', headers: { 'content-type': 'application/json', 'content-length': String(body.length) }, body });
    expect(redacted.body.toString()).toBe('{"site": 4, "quantity": "1500.500", "ratio": 1.0, "big": 123456789012345678901234567890, "tiny": 1e-07}');
    expect(redacted.bodyWithheld).toBeUndefined();
  });
});

describe('redactAnswer', () => {
  it('redacts Set-Cookie values (empty ones stay empty), secret headers, body fields and tokens in a Location', () => {
    const answer: ObservedAnswer = drfAnswer(
      { key: '35febdf6ec676c0033fb5af6e4101c8f10c6be72', user: { id: 1, username: 'alice' } },
      {
        headers: [
          ['Set-Cookie', 'sessionid=k3j4h5g6f7d8s9a0; expires=Wed, 15 May 2024 09:20:11 GMT; HttpOnly; Max-Age=1209600; Path=/; SameSite=Lax'],
          ['Set-Cookie', 'messages=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/'],
          ['X-CSRFToken', 'Zq1x9Zq1x9'],
          ['Location', '/reset/?token=abc123&step=2'],
        ],
      },
    );
    const redacted = redactAnswer(answer);
    expect(redacted.headers.slice(-4)).toEqual([
      ['Set-Cookie', `sessionid=${REDACTED}; expires=Wed, 15 May 2024 09:20:11 GMT; HttpOnly; Max-Age=1209600; Path=/; SameSite=Lax`],
      ['Set-Cookie', 'messages=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/'],
      ['X-CSRFToken', REDACTED],
      ['Location', '/reset/?token=%5Bredacted%5D&step=2'],
    ]);
    expect(JSON.parse(redacted.body.toString())).toEqual({ key: REDACTED, user: { id: 1, username: 'alice' } });
    expect(answer.body.toString()).toContain('35febdf6ec676c0033fb5af6e4101c8f10c6be72');
  });
});

describe('redactDifferences', () => {
  it('redacts values at secret fields and secret fields inside rendered objects or text bodies, and nothing else', () => {
    const a = drfAnswer({ token: 'aaa111', user: { id: 1, email: 'alice@example.com' }, devices: [{ id: 1, csrf: 'ccc333' }] });
    const b = drfAnswer({ token: 'bbb222', user: { id: 1, email: 'alice@example.org' }, devices: [] });
    const differences = diffAnswers(a, b, { ignore: ['header.content-length'] });
    const text = { path: 'body', kind: 'body' as const, a: 'password=hunter2&next=/', b: '' };
    const cookie = { path: 'cookie.sessionid.max-age', kind: 'cookie' as const, a: '1209600', b: '3600' };
    expect(redactDifferences([...differences, text, cookie])).toEqual([
      { path: 'body.token', kind: 'value', a: REDACTED, b: REDACTED },
      { path: 'body.user.email', kind: 'value', a: '"alice@example.com"', b: '"alice@example.org"' },
      { path: 'body.devices[0]', kind: 'missing', a: `{"id":1,"csrf":"${REDACTED}"}` },
      { path: 'body', kind: 'body', a: 'password=%5Bredacted%5D&next=/', b: '' },
      cookie,
    ]);
  });
});
