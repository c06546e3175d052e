import { pbkdf2 } from 'node:crypto';
import { promisify } from 'node:util';
import { pyInt } from '../../python/str.ts';
import { constantTimeCompare } from '../crypto.ts';
import { HasherError, assertSalt, mustUpdateSalt, randomSalt, splitParts, type PasswordHasher } from './hasher.ts';

// libuv threadpool: never blocks the event loop.
const pbkdf2Async = promisify(pbkdf2);

interface Decoded {
  iterations: number;
  salt: string;
}

/** A PBKDF2 hasher; its must_update compares iterations (the monolith's: 260000 on Django 3.2, 1000000 on 5.2) and the salt. */
export interface Pbkdf2Hasher extends PasswordHasher {
  /** encode(password, salt, iterations); 0 means the hasher's own, as `iterations or self.iterations` does. */
  encode(password: string, salt: string, iterations?: number): Promise<string>;
}

// int(iterations), as Django's decode() does: Python's int() exactly, which raises on anything else.
function iterationsOf(algorithm: string, text: string): number {
  const value = pyInt(text);
  if (value === null) throw new HasherError(algorithm, `iterations ${JSON.stringify(text)} is not an integer`);
  return Number(value);
}

function pbkdf2Hasher(algorithm: 'pbkdf2_sha256' | 'pbkdf2_sha1', digest: 'sha256' | 'sha1', keyLength: number, ownIterations: number): Pbkdf2Hasher {
  const decode = (encoded: string): Decoded => {
    const [, iterations, salt] = splitParts(algorithm, encoded, '$', 3) as [string, string, string, string];
    return { iterations: iterationsOf(algorithm, iterations), salt };
  };

  const encode = async (password: string, salt: string, iterations = 0): Promise<string> => {
    assertSalt(algorithm, salt);
    const rounds = iterations || ownIterations;
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
      return iterations !== ownIterations || mustUpdateSalt(salt);
    },
    async hardenRuntime(password, encoded) {
      const { iterations, salt } = decode(encoded);
      const extra = ownIterations - iterations;
      if (extra > 0) await encode(password, salt, extra);
    },
  };
}

/** django.contrib.auth.hashers.PBKDF2PasswordHasher with the monolith's iterations. */
export const pbkdf2Sha256 = (iterations: number) => pbkdf2Hasher('pbkdf2_sha256', 'sha256', 32, iterations);

/** django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher with the monolith's iterations. */
export const pbkdf2Sha1 = (iterations: number) => pbkdf2Hasher('pbkdf2_sha1', 'sha1', 20, iterations);
