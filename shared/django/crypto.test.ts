import { describe, expect, it } from 'vitest';
import { runDjango } from '../../oracle/django-python.ts';
import { RANDOM_STRING_CHARS, constantTimeCompare, getRandomString, saltedHmac, type HmacAlgorithm } from './crypto.ts';

const HMAC_CASES: Array<[string, string, string, HmacAlgorithm]> = [
  ['django.contrib.sessions.SessionStore', 'value', 'secret', 'sha1'],
  ['django.contrib.sessions.SessionStore', 'value', 'secret', 'sha256'],
  ['', '', '', 'sha256'],
  ['unicode salt ✓', 'value é 😀', 'sécret ÿ', 'sha1'],
  // keySalt + secret longer than a hash block (64 bytes): Django still hashes it first.
  ['k'.repeat(100), 'v'.repeat(1000), 's'.repeat(100), 'sha256'],
];

const COMPARE_CASES: Array<[string, string]> = [
  ['abc', 'abc'],
  ['abc', 'abd'],
  ['abc', 'abcd'],
  ['', ''],
  ['é', 'é'],
  ['é', 'e\u0301'],
];

const oracle = runDjango<{ hmac: string[]; compare: boolean[]; chars: string }>(
  `
  from django.utils.crypto import salted_hmac, constant_time_compare, RANDOM_STRING_CHARS
  print(json.dumps({
      'hmac': [salted_hmac(k, v, s, algorithm=a).hexdigest() for k, v, s, a in INPUT['hmac']],
      'compare': [constant_time_compare(a, b) for a, b in INPUT['compare']],
      'chars': RANDOM_STRING_CHARS,
  }))
  `,
  { hmac: HMAC_CASES, compare: COMPARE_CASES },
);

describe('saltedHmac', () => {
  it.each(HMAC_CASES.map((c, i) => [i, ...c] as const))('case %i equals salted_hmac', (i, keySalt, value, secret, algorithm) => {
    expect(saltedHmac(keySalt, value, secret, algorithm).toString('hex')).toBe(oracle.hmac[i]);
  });

  it('defaults to sha1 like Django', () => {
    expect(saltedHmac('a', 'b', 'c')).toEqual(saltedHmac('a', 'b', 'c', 'sha1'));
  });
});

describe('constantTimeCompare', () => {
  it.each(COMPARE_CASES.map((c, i) => [i, ...c] as const))('case %i equals constant_time_compare', (i, a, b) => {
    expect(constantTimeCompare(a, b)).toBe(oracle.compare[i]);
  });
});

describe('getRandomString', () => {
  it('uses the same default alphabet as Django', () => {
    expect(RANDOM_STRING_CHARS).toBe(oracle.chars);
  });

  it('draws `length` characters from the allowed set, all of them eventually', () => {
    const sample = getRandomString(5000, 'abc');
    expect(sample).toMatch(/^[abc]{5000}$/);
    expect(new Set(sample).size).toBe(3);
    expect(getRandomString(32)).toMatch(/^[a-zA-Z0-9]{32}$/);
    expect(getRandomString(32)).not.toBe(getRandomString(32));
  });
});
