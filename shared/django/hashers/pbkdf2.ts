import { pbkdf2 } from 'node:crypto';
import { promisify } from 'node:util';
import { pyInt } from '../../python/str.ts';
import { constantTimeCompare } from '../crypto.ts';
import { HasherError, assertSalt, mustUpdateSalt, randomSalt, splitParts, type PasswordHasher } from './hasher.ts';

/** PBKDF2PasswordHasher.iterations in Django 3.2 (PBKDF2SHA1PasswordHasher inherits it). */
export const PBKDF2_ITERATIONS = 260000;

// libuv threadpool: never blocks the event loop.
const pbkdf2Async = promisify(pbkdf2);

interface Decoded {
  iterations: number;
  salt: string;
}

/** A PBKDF2 hasher plus the must_update/harden_runtime that check_password uses on the default hasher. */
export interface Pbkdf2Hasher extends PasswordHasher {
  /** encode(password, salt, iterations); 0 means the default, as `iterations or self.iterations` does. */
  encode(password: string, salt: string, iterations?: number): Promise<string>;
  /** must_update(encoded): iterations differ from PBKDF2_ITERATIONS or the salt is too short. */
  mustUpdate(encoded: string): boolean;
  /** harden_runtime(password, encoded): run the iterations `encoded` is missing, and throw the result away. */
  hardenRuntime(password: string, encoded: string): Promise<void>;
}

// int(iterations), as Django's decode() does: Python's int() exactly, which raises on anything else.
function iterationsOf(algorithm: string, text: string): number {
  const value = pyInt(text);
  if (value === null) throw new HasherError(algorithm, `iterations ${JSON.stringify(text)} is not an integer`);
  return Number(value);
}

function pbkdf2Hasher(algorithm: 'pbkdf2_sha256' | 'pbkdf2_sha1', digest: 'sha256' | 'sha1', keyLength: number): Pbkdf2Hasher {
  const decode = (encoded: string): Decoded => {
    const [, iterations, salt] = splitParts(algorithm, encoded, '$', 3) as [string, string, string, string];
    return { iterations: iterationsOf(algorithm, iterations), salt };
  };

  const encode = async (password: string, salt: string, iterations = 0): Promise<string> => {
    assertSalt(algorithm, salt);
    const rounds = iterations || PBKDF2_ITERATIONS;
    if (rounds < 0) throw new HasherError(algorithm, 'negative iteration count');
    const hash = await pbkdf2Async(Buffer.from(password, 'utf8'), Buffer.from(salt, 'utf8'), rounds, keyLength, digest);
    return `${algorithm}$${rounds}$${salt}$${hash.toString('base64')}`;
  };

  return {
    algorithm,
    salt: randomSalt,
    encode,
    async verify(password, encoded) {
      const { iterations, salt } = decode(encoded);
      return constantTimeCompare(encoded, await encode(password, salt, iterations));
    },
    mustUpdate(encoded) {
      const { iterations, salt } = decode(encoded);
      return iterations !== PBKDF2_ITERATIONS || mustUpdateSalt(salt);
    },
    async hardenRuntime(password, encoded) {
      const { iterations, salt } = decode(encoded);
      const extra = PBKDF2_ITERATIONS - iterations;
      if (extra > 0) await encode(password, salt, extra);
    },
  };
}

/** django.contrib.auth.hashers.PBKDF2PasswordHasher (the monolith's default). */
export const pbkdf2Sha256 = pbkdf2Hasher('pbkdf2_sha256', 'sha256', 32);

/** django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher. */
export const pbkdf2Sha1 = pbkdf2Hasher('pbkdf2_sha1', 'sha1', 20);
