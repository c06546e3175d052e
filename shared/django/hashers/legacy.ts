// The pre-PBKDF2 hashers the monolith still verifies (and upgrades on login): never used to write.
import { createHash } from 'node:crypto';
import { constantTimeCompare } from '../crypto.ts';
import { assertSalt, mustUpdateSalt, NO_WORK_FACTOR, randomSalt, splitParts, type PasswordHasher } from './hasher.ts';

const hexDigest = (digest: 'sha1' | 'md5', text: string): string => createHash(digest).update(text, 'utf8').digest('hex');

function saltedHasher(algorithm: 'sha1' | 'md5'): PasswordHasher {
  const encode = async (password: string, salt: string): Promise<string> => {
    assertSalt(algorithm, salt);
    return `${algorithm}$${salt}$${hexDigest(algorithm, salt + password)}`;
  };
  const saltOf = (encoded: string) => (splitParts(algorithm, encoded, '$', 2) as [string, string, string])[1];
  return {
    algorithm,
    salt: randomSalt,
    encode,
    async verify(password, encoded) {
      return constantTimeCompare(encoded, await encode(password, saltOf(encoded)));
    },
    mustUpdate: (encoded) => mustUpdateSalt(saltOf(encoded)),
    hardenRuntime: NO_WORK_FACTOR.hardenRuntime,
  };
}

/** django.contrib.auth.hashers.SHA1PasswordHasher: `sha1$<salt>$<hex>`. */
export const sha1 = saltedHasher('sha1');

/** django.contrib.auth.hashers.MD5PasswordHasher: `md5$<salt>$<hex>`. */
export const md5 = saltedHasher('md5');

const unsaltedSha1Encode = (password: string): string => `sha1$$${hexDigest('sha1', password)}`;

/** django.contrib.auth.hashers.UnsaltedSHA1PasswordHasher: `sha1$$<hex>`. */
export const unsaltedSha1: PasswordHasher = {
  algorithm: 'unsalted_sha1',
  salt: () => '',
  encode: async (password) => unsaltedSha1Encode(password),
  verify: async (password, encoded) => constantTimeCompare(encoded, unsaltedSha1Encode(password)),
  ...NO_WORK_FACTOR,
};

/** django.contrib.auth.hashers.UnsaltedMD5PasswordHasher: a bare 32-char hex digest, also read as `md5$$<hex>`. */
export const unsaltedMd5: PasswordHasher = {
  algorithm: 'unsalted_md5',
  salt: () => '',
  encode: async (password) => hexDigest('md5', password),
  async verify(password, encoded) {
    const digest = encoded.length === 37 && encoded.startsWith('md5$$') ? encoded.slice(5) : encoded;
    return constantTimeCompare(digest, hexDigest('md5', password));
  },
  ...NO_WORK_FACTOR,
};
