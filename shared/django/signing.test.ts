import { describe, expect, it } from 'vitest';
import { TEST_SECRET_KEY, runDjango } from '../../oracle/django-python.ts';
import {
  SigningError,
  b64Decode,
  b64Encode,
  base62Decode,
  base62Encode,
  dumps,
  loads,
  sign,
  timestampSign,
  timestampUnsign,
  unsign,
} from './signing.ts';

const secret = TEST_SECRET_KEY;
const NOW = 1_700_000_000;
const SALT = 'canopy.test';

const OBJECTS: unknown[] = [
  'hello',
  42,
  null,
  [1, 2, 3],
  { user: 'ümlaut ✓ 😀', ids: [1, 2], nested: { ok: true } },
  // Compressible: Django and TS must both choose zlib and the '.' prefix.
  { repeated: 'abc'.repeat(200), list: Array.from({ length: 50 }, () => 'same') },
];

const tsSigned = {
  plain: OBJECTS.map((obj) => dumps(obj, { secret, salt: SALT, now: NOW })),
  compressed: OBJECTS.map((obj) => dumps(obj, { secret, salt: SALT, compress: true, now: NOW })),
  defaultSalt: dumps({ a: 1 }, { secret, now: NOW }),
  old: dumps({ a: 1 }, { secret, salt: SALT, now: NOW - 100 }),
};

function tamper(signed: string, at: number): string {
  const char = signed.charAt(at) === 'A' ? 'B' : 'A';
  return signed.slice(0, at) + char + signed.slice(at + 1);
}

interface Oracle {
  tsLoads: unknown[];
  tsLoadsCompressed: unknown[];
  tsDefaultSalt: unknown;
  tsOld: Record<string, unknown>;
  tsTampered: string[];
  dj: { plain: string[]; compressed: string[]; legacySha1: string; old: string };
  signer: { sign: string; timestampSign: string };
  base62: string[];
  b64: string[];
}

const oracle = runDjango<Oracle>(
  `
  from unittest import mock
  from django.core import signing
  from django.utils import baseconv
  secret, salt, now = INPUT['secret'], INPUT['salt'], INPUT['now']

  def attempt(fn):
      try:
          return {'value': fn()}
      except signing.SignatureExpired:
          return {'error': 'SignatureExpired'}
      except signing.BadSignature:
          return {'error': 'BadSignature'}

  ts = INPUT['ts']
  with mock.patch('time.time', return_value=now):
      out = {
          'tsLoads': [signing.loads(s, key=secret, salt=salt) for s in ts['plain']],
          'tsLoadsCompressed': [signing.loads(s, key=secret, salt=salt) for s in ts['compressed']],
          'tsDefaultSalt': signing.loads(ts['defaultSalt'], key=secret),
          'tsOld': {
              'max_age_50': attempt(lambda: signing.loads(ts['old'], key=secret, salt=salt, max_age=50)),
              'max_age_200': attempt(lambda: signing.loads(ts['old'], key=secret, salt=salt, max_age=200)),
          },
          'tsTampered': [attempt(lambda: signing.loads(s, key=secret, salt=salt)).get('error', 'accepted') for s in INPUT['tampered']],
          'dj': {
              'plain': [signing.dumps(o, key=secret, salt=salt) for o in INPUT['objects']],
              'compressed': [signing.dumps(o, key=secret, salt=salt, compress=True) for o in INPUT['objects']],
              'legacySha1': signing.TimestampSigner(secret, salt=salt, algorithm='sha1').sign_object({'legacy': True}),
          },
          'signer': {
              'sign': signing.Signer(secret).sign(INPUT['value']),
              'timestampSign': signing.TimestampSigner(secret).sign(INPUT['value']),
          },
          'base62': [baseconv.base62.encode(n) for n in INPUT['numbers']],
          'b64': [signing.b64_encode(s.encode()).decode() for s in INPUT['texts']],
      }
  with mock.patch('time.time', return_value=now - 100):
      out['dj']['old'] = signing.dumps({'old': True}, key=secret, salt=salt)
  print(json.dumps(out))
  `,
  {
    secret,
    salt: SALT,
    now: NOW,
    ts: tsSigned,
    objects: OBJECTS,
    tampered: [
      tamper(tsSigned.plain[4]!, 3),
      tamper(tsSigned.plain[4]!, tsSigned.plain[4]!.length - 2),
      tamper(tsSigned.compressed[5]!, 5),
      `${tsSigned.plain[0]}x`,
      tsSigned.plain[0]!.replace(/:[^:]*:/, ':1:'),
      dumps('hello', { secret: 'another secret', salt: SALT, now: NOW }),
      dumps('hello', { secret, salt: 'another.salt', now: NOW }),
      'no separator at all',
    ],
    value: 'signed value ✓',
    numbers: [0, 1, 61, 62, 3843, NOW, 2 ** 40],
    texts: ['', 'a', 'ab', 'abc', 'ü?>~'],
  },
);

describe('dumps -> Django loads', () => {
  it('round-trips every object, compressed or not', () => {
    expect(oracle.tsLoads).toEqual(OBJECTS);
    expect(oracle.tsLoadsCompressed).toEqual(OBJECTS);
    expect(oracle.tsDefaultSalt).toEqual({ a: 1 });
  });

  it('writes exactly what Django writes when not compressing', () => {
    expect(tsSigned.plain).toEqual(oracle.dj.plain);
  });

  it('compresses exactly when Django does', () => {
    expect(tsSigned.compressed.map((s) => s.startsWith('.'))).toEqual(oracle.dj.compressed.map((s) => s.startsWith('.')));
    expect(tsSigned.compressed[5]!.startsWith('.')).toBe(true);
  });

  it('honours max_age in Django', () => {
    expect(oracle.tsOld).toEqual({ max_age_50: { error: 'SignatureExpired' }, max_age_200: { value: { a: 1 } } });
  });

  it('is rejected by Django once tampered with, re-keyed or re-salted', () => {
    expect(oracle.tsTampered).toEqual(Array(8).fill('BadSignature'));
  });
});

describe('loads <- Django dumps', () => {
  it('reads plain and compressed values', () => {
    expect(oracle.dj.plain.map((s) => loads(s, { secret, salt: SALT }))).toEqual(OBJECTS);
    expect(oracle.dj.compressed.map((s) => loads(s, { secret, salt: SALT }))).toEqual(OBJECTS);
  });

  it("accepts Django's legacy sha1 signatures", () => {
    expect(loads(oracle.dj.legacySha1, { secret, salt: SALT })).toEqual({ legacy: true });
  });

  it('raises SignatureExpired past maxAgeSeconds, measured with the clock given', () => {
    expect(loads(oracle.dj.old, { secret, salt: SALT, maxAgeSeconds: 200, now: NOW })).toEqual({ old: true });
    const error = (() => {
      try {
        loads(oracle.dj.old, { secret, salt: SALT, maxAgeSeconds: 50, now: NOW });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(SigningError);
    expect((error as SigningError).code).toBe('SignatureExpired');
  });

  it('raises BadSignature for tampered values, the wrong key or the wrong salt', () => {
    const signed = oracle.dj.compressed[5]!;
    for (const [value, options] of [
      [tamper(signed, 4), { secret, salt: SALT }],
      [tamper(signed, signed.length - 1), { secret, salt: SALT }],
      [signed, { secret: 'wrong', salt: SALT }],
      [signed, { secret }],
    ] as const) {
      expect(() => loads(value, options)).toThrow(expect.objectContaining({ code: 'BadSignature' }));
    }
  });
});

describe('Signer / TimestampSigner', () => {
  it('sign and timestampSign equal Signer().sign and TimestampSigner().sign', () => {
    expect(sign('signed value ✓', { secret })).toBe(oracle.signer.sign);
    expect(timestampSign('signed value ✓', { secret, now: NOW })).toBe(oracle.signer.timestampSign);
  });

  it('unsign and timestampUnsign read them back and refuse alterations', () => {
    expect(unsign(oracle.signer.sign, { secret })).toBe('signed value ✓');
    expect(timestampUnsign(oracle.signer.timestampSign, { secret })).toBe('signed value ✓');
    expect(() => unsign(oracle.signer.timestampSign, { secret })).toThrow(SigningError);
    expect(() => unsign('no-separator', { secret })).toThrow('No ":" found in value');
  });
});

describe('encodings', () => {
  it('base62 matches django.utils.baseconv and round-trips', () => {
    const numbers = [0, 1, 61, 62, 3843, NOW, 2 ** 40];
    expect(numbers.map(base62Encode)).toEqual(oracle.base62);
    expect(oracle.base62.map(base62Decode)).toEqual(numbers);
    expect(() => base62Decode('a-b')).toThrow(SigningError);
  });

  it('b64 matches signing.b64_encode and round-trips', () => {
    const texts = ['', 'a', 'ab', 'abc', 'ü?>~'];
    expect(texts.map((t) => b64Encode(Buffer.from(t)))).toEqual(oracle.b64);
    expect(oracle.b64.map((t) => b64Decode(t).toString())).toEqual(texts);
  });
});
