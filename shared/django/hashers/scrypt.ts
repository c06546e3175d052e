import { scrypt as scryptCallback, type ScryptOptions } from 'node:crypto';
import { pyInt } from '../../python/str.ts';
import { constantTimeCompare } from '../crypto.ts';
import { assertSalt, HasherError, NO_WORK_FACTOR, randomSalt, type PasswordHasher } from './hasher.ts';

/** ScryptPasswordHasher's work_factor (N), block_size (r), parallelism (p) and maxmem, as the monolith has them (Django 4.0+). */
export interface ScryptParameters {
  workFactor: number;
  blockSize: number;
  parallelism: number;
  maxmem: number;
}

const KEY_LENGTH = 64;

// libuv threadpool: never blocks the event loop.
const scryptAsync = (password: Buffer, salt: Buffer, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCallback(password, salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key))));

// decode(): `algorithm, work_factor, salt, block_size, parallelism, hash = encoded.split("$", 6)` and int() of
// the numbers, all of which raise (a 500 in Django) on a malformed hash.
function decode(encoded: string): { n: number; salt: string; r: number; p: number } {
  const parts = encoded.split('$');
  if (parts.length !== 6) throw new HasherError('scrypt', 'expected 6 "$"-separated parts');
  const [, n, salt, r, p] = parts as [string, string, string, string, string, string];
  const int = (text: string) => {
    const value = pyInt(text);
    if (value === null) throw new HasherError('scrypt', `${JSON.stringify(text)} is not an integer`);
    return Number(value);
  };
  return { n: int(n), salt, r: int(r), p: int(p) };
}

/** django.contrib.auth.hashers.ScryptPasswordHasher: `scrypt$<N>$<salt>$<r>$<p>$<base64 of 64 bytes>`. */
export function scrypt({ workFactor, blockSize, parallelism, maxmem }: ScryptParameters): PasswordHasher {
  // hashlib.scrypt's maxmem=0 is OpenSSL's default limit (32 MiB), which is node:crypto's default too.
  const memoryLimit = maxmem > 0 ? { maxmem } : {};
  const encode = async (password: string, salt: string, n = 0, r = 0, p = 0): Promise<string> => {
    assertSalt('scrypt', salt);
    const [N, R, P] = [n || workFactor, r || blockSize, p || parallelism];
    let hash: Buffer;
    try {
      hash = await scryptAsync(Buffer.from(password, 'utf8'), Buffer.from(salt, 'utf8'), { N, r: R, p: P, ...memoryLimit });
    } catch (error) {
      // hashlib raises ValueError for parameters OpenSSL refuses (N not a power of 2, over maxmem).
      throw new HasherError('scrypt', (error as Error).message);
    }
    return `scrypt$${N}$${salt}$${R}$${P}$${hash.toString('base64')}`;
  };
  return {
    algorithm: 'scrypt',
    salt: randomSalt,
    encode: (password, salt) => encode(password, salt),
    async verify(password, encoded) {
      const { n, salt, r, p } = decode(encoded);
      return constantTimeCompare(encoded, await encode(password, salt, n, r, p));
    },
    mustUpdate(encoded) {
      const { n, r, p } = decode(encoded);
      return n !== workFactor || r !== blockSize || p !== parallelism;
    },
    // "The runtime for Scrypt is too complicated to implement a sensible hardening algorithm."
    hardenRuntime: NO_WORK_FACTOR.hardenRuntime,
  };
}
