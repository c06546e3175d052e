import { createHash, createHmac, randomInt, timingSafeEqual } from 'node:crypto';

/** Digest algorithms Django 3.2 feeds to salted_hmac (sha256 by default, sha1 for legacy values). */
export type HmacAlgorithm = 'sha1' | 'sha256';

/** django.utils.crypto.RANDOM_STRING_CHARS. */
export const RANDOM_STRING_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** django.utils.crypto.salted_hmac(keySalt, value, secret, algorithm=...).digest(). */
export function saltedHmac(
  keySalt: string,
  value: string | Uint8Array,
  secret: string,
  algorithm: HmacAlgorithm = 'sha1',
): Buffer {
  // Django always derives the key by hashing keySalt + secret, even when it is shorter than a block.
  const key = createHash(algorithm).update(keySalt + secret, 'utf8').digest();
  return createHmac(algorithm, key).update(value).digest();
}

/** django.utils.crypto.constant_time_compare: UTF-8 bytes compared without early exit. */
export function constantTimeCompare(a: string | Uint8Array, b: string | Uint8Array): boolean {
  const left = typeof a === 'string' ? Buffer.from(a, 'utf8') : a;
  const right = typeof b === 'string' ? Buffer.from(b, 'utf8') : b;
  // Like secrets.compare_digest, only the length can leak.
  return left.length === right.length && timingSafeEqual(left, right);
}

/** django.utils.crypto.get_random_string: `length` characters drawn uniformly from `allowedChars` by a CSPRNG. */
export function getRandomString(length: number, allowedChars: string = RANDOM_STRING_CHARS): string {
  let result = '';
  for (let i = 0; i < length; i++) result += allowedChars.charAt(randomInt(allowedChars.length));
  return result;
}
