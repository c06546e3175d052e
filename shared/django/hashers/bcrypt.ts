import { createHash, randomBytes } from 'node:crypto';
import { constantTimeCompare } from '../crypto.ts';
import { pyInt } from '../../python/str.ts';
import { HasherError, splitParts, type PasswordHasher } from './hasher.ts';

const BCRYPT_ALPHABET = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
// What OpenBSD's bcrypt_hashpass (inside pyca/bcrypt) accepts as a salt; pyca maps $2y$ to $2b$ first.
const SALT = /^\$2([aby])\$([0-9]{2})\$([./A-Za-z0-9]{22})/;

// bcrypt's base64 of the 16 salt bytes; like OpenBSD, the unused low bits of the last character are
// ignored, so a non-canonical salt re-encodes differently and the comparison fails, as in Django.
function decodeSalt(text: string): Buffer {
  const bits = [...text].map((char) => BCRYPT_ALPHABET.indexOf(char).toString(2).padStart(6, '0')).join('');
  return Buffer.from(Array.from({ length: 16 }, (_, i) => parseInt(bits.slice(i * 8, i * 8 + 8), 2)));
}

// bcrypt.gensalt(rounds): $2b$, the cost in two digits, 16 random bytes in bcrypt's base64 (22 characters, zero-padded).
function genSalt(rounds: number): string {
  const bits = [...randomBytes(16)].map((byte) => byte.toString(2).padStart(8, '0')).join('').padEnd(132, '0');
  const text = Array.from({ length: 22 }, (_, i) => BCRYPT_ALPHABET[parseInt(bits.slice(i * 6, i * 6 + 6), 2)]).join('');
  return `$2b$${String(rounds).padStart(2, '0')}$${text}`;
}

// The native library, loaded at the first bcrypt hash: most logins are PBKDF2, and loading it at start
// would add its load time to every cold start.
let library: Promise<typeof import('@node-rs/bcrypt')> | undefined;

// pyca/bcrypt's hashpw(password, salt), where salt may be a whole previous hash.
async function hashpw(algorithm: string, password: Buffer, salt: string): Promise<string> {
  if (password.includes(0)) throw new HasherError(algorithm, 'password may not contain NUL bytes');
  const match = SALT.exec(salt);
  const cost = Number(match?.[2]);
  if (!match || !/^[\x00-\x7f]*$/.test(salt) || cost < 4 || cost > 31) throw new HasherError(algorithm, 'Invalid salt');
  // Beyond 72 bytes the password is ignored, by pyca and @node-rs alike. $2a$, $2b$ and $2y$ hash
  // alike within those 72 bytes; pyca keeps the salt's own prefix on the result, so do the same.
  const { hash } = await (library ??= import('@node-rs/bcrypt'));
  const hashed = await hash(password, cost, decodeSalt(match[3]!));
  return `$2${match[1]}$${hashed.slice(4)}`;
}

// int(work_factor) of decode(): `algorithm$$2b$<work factor>$...`; Python's int() exactly, which raises on anything else.
function workFactorOf(algorithm: string, encoded: string): number {
  const text = splitParts(algorithm, encoded, '$', 4)[3]!;
  const value = pyInt(text);
  if (value === null) throw new HasherError(algorithm, `work factor ${JSON.stringify(text)} is not an integer`);
  return Number(value);
}

/** bcrypt_sha256 or bcrypt with the monolith's rounds (log2 cost). */
function bcryptHasher(algorithm: 'bcrypt_sha256' | 'bcrypt', prehash: boolean, rounds: number): PasswordHasher {
  const encode = async (password: string, salt: string): Promise<string> => {
    const bytes = Buffer.from(password, 'utf8');
    // bcrypt_sha256 feeds bcrypt the hex SHA-256 to escape its 72-byte truncation (Django #20138).
    const input = prehash ? Buffer.from(createHash('sha256').update(bytes).digest('hex'), 'ascii') : bytes;
    return `${algorithm}$${await hashpw(algorithm, input, salt)}`;
  };
  return {
    algorithm,
    salt: () => genSalt(rounds),
    encode,
    async verify(password, encoded) {
      const [, data] = splitParts(algorithm, encoded, '$', 1) as [string, string];
      return constantTimeCompare(encoded, await encode(password, data));
    },
    mustUpdate: (encoded) => workFactorOf(algorithm, encoded) !== rounds,
    async hardenRuntime(password, encoded) {
      // The work factor is logarithmic: 2 ** (rounds - theirs) - 1 more hashes with the hash's own salt.
      const salt = splitParts(algorithm, encoded, '$', 1)[1]!.slice(0, 29);
      for (let extra = 2 ** (rounds - workFactorOf(algorithm, encoded)) - 1; extra > 0; extra--) await encode(password, salt);
    },
  };
}

/** django.contrib.auth.hashers.BCryptSHA256PasswordHasher: `bcrypt_sha256$$2b$12$...`. */
export const bcryptSha256 = (rounds: number) => bcryptHasher('bcrypt_sha256', true, rounds);

/** django.contrib.auth.hashers.BCryptPasswordHasher: `bcrypt$$2b$12$...`, passwords truncated at 72 bytes. */
export const bcrypt = (rounds: number) => bcryptHasher('bcrypt', false, rounds);
