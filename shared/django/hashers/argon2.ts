import type { Algorithm, Version } from '@node-rs/argon2';
import { timingSafeEqual } from 'node:crypto';
import { HasherError, mustUpdateSalt, NO_WORK_FACTOR, randomSalt, splitParts, type PasswordHasher } from './hasher.ts';

// The native library, loaded at the first argon2 hash: most logins are PBKDF2, and loading it at start
// would add its load time to every cold start.
let library: Promise<typeof import('@node-rs/argon2')> | undefined;
const loadArgon2 = () => (library ??= import('@node-rs/argon2'));

// hash_len is argon2-cffi's DEFAULT_HASH_LENGTH; the other parameters are the monolith's.
const HASH_LENGTH = 16;

/** Argon2PasswordHasher's time_cost, memory_cost and parallelism, as the monolith has them. */
export interface Argon2Parameters {
  timeCost: number;
  memoryCost: number;
  parallelism: number;
}

// @node-rs/argon2 declares these as ambient const enums, which isolatedModules cannot read.
const ARGON2D = 0 as Algorithm;
const ARGON2I = 1 as Algorithm;
const ARGON2ID = 2 as Algorithm;
const V0X10 = 0 as Version;
const V0X13 = 1 as Version;

// argon2-cffi's PasswordHasher.verify picks the variant from the first 9 characters.
const VARIANTS: Record<string, { name: string; algorithm: Algorithm }> = {
  '$argon2i$': { name: 'argon2i', algorithm: ARGON2I },
  '$argon2d$': { name: 'argon2d', algorithm: ARGON2D },
  '$argon2id': { name: 'argon2id', algorithm: ARGON2ID },
};

// libargon2's decode_string: canonical decimals, a "$v=" that defaults to 0x10 when missing (the
// Django 1.10-era hashes), canonical unpadded base64, nothing trailing.
const DECIMAL = '(0|[1-9][0-9]*)';
const B64 = '([A-Za-z0-9+/]*)';
const U32_MAX = 0xffffffff;

interface Params {
  version: Version;
  memoryCost: number;
  timeCost: number;
  parallelism: number;
  salt: Buffer;
  hash: Buffer;
}

function canonicalBase64(text: string): Buffer | null {
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64').replace(/=+$/, '') === text ? bytes : null;
}

// null wherever libargon2 reports an error, which argon2-cffi raises as VerificationError and Django
// turns into False.
function decodeString(phc: string, variant: string): Params | null {
  const match = new RegExp(`^\\$${variant}(?:\\$v=${DECIMAL})?\\$m=${DECIMAL},t=${DECIMAL},p=${DECIMAL}\\$${B64}\\$${B64}$`).exec(phc);
  if (!match) return null;
  const [, v = '16', m, t, p, salt64, hash64] = match as unknown as [string, string | undefined, string, string, string, string, string];
  const [version, memoryCost, timeCost, parallelism] = [v, m, t, p].map(Number) as [number, number, number, number];
  const salt = canonicalBase64(salt64);
  const hash = canonicalBase64(hash64);
  if (!salt || !hash || Math.max(memoryCost, timeCost, parallelism) > U32_MAX) return null;
  // validate_inputs(): the lower bounds libargon2 enforces.
  if (hash.length < 4 || salt.length < 8 || timeCost < 1 || parallelism < 1 || parallelism > 0xffffff || memoryCost < 8 * parallelism) {
    return null;
  }
  // Only versions 0x10 and 0x13 exist; libargon2 would hash others as 0x13 with a different H0.
  if (version !== 16 && version !== 19) return null;
  return { version: version === 16 ? V0X10 : V0X13, memoryCost, timeCost, parallelism, salt, hash };
}

const unpaddedBase64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64').replace(/=+$/, '');

// The PHC string after `argon2$`, with the variant argon2-cffi reads from it; raises as Django lets argon2-cffi raise.
function phcOf(encoded: string): { phc: string; variant: { name: string; algorithm: Algorithm } } {
  const phc = `$${splitParts('argon2', encoded, '$', 1)[1]}`;
  // argon2-cffi encodes the hash as ASCII and raises InvalidHash for an unknown variant: Django lets both escape.
  if (!/^[\x00-\x7f]*$/.test(phc)) throw new HasherError('argon2', 'non-ASCII hash');
  const variant = VARIANTS[phc.slice(0, 9)];
  if (!variant) throw new HasherError('argon2', 'unknown argon2 variant');
  return { phc, variant };
}

/** django.contrib.auth.hashers.Argon2PasswordHasher: writes argon2id, verifies argon2id/i/d incl. v-less hashes. */
export const argon2 = ({ timeCost, memoryCost, parallelism }: Argon2Parameters): PasswordHasher => ({
  algorithm: 'argon2',
  salt: randomSalt,
  async encode(password, salt) {
    const saltBytes = Buffer.from(salt, 'utf8');
    const hash = await (await loadArgon2()).hashRaw(Buffer.from(password, 'utf8'), {
      algorithm: ARGON2ID,
      version: V0X13,
      timeCost,
      memoryCost,
      parallelism,
      outputLen: HASH_LENGTH,
      salt: saltBytes,
    });
    return `argon2$argon2id$v=19$m=${memoryCost},t=${timeCost},p=${parallelism}$${unpaddedBase64(saltBytes)}$${unpaddedBase64(hash)}`;
  },
  async verify(password, encoded) {
    const { phc, variant } = phcOf(encoded);
    const params = decodeString(phc, variant.name);
    if (!params) return false;
    // Loaded before the try: a library that cannot load is an error to see, not a wrong password.
    const { hashRaw } = await loadArgon2();
    try {
      const actual = await hashRaw(Buffer.from(password, 'utf8'), {
        algorithm: variant.algorithm,
        version: params.version,
        memoryCost: params.memoryCost,
        timeCost: params.timeCost,
        parallelism: params.parallelism,
        outputLen: params.hash.length,
        salt: params.salt,
      });
      return timingSafeEqual(actual, params.hash);
    } catch {
      // Parameters libargon2 accepts but the Rust implementation refuses: a VerificationError in Django.
      return false;
    }
  },
  // must_update: argon2-cffi's parameters of the hash (salt length aside) differ from the hasher's, or the salt is short.
  mustUpdate(encoded) {
    const { phc, variant } = phcOf(encoded);
    const params = decodeString(phc, variant.name);
    if (!params) throw new HasherError('argon2', 'InvalidHash');
    const same = variant.algorithm === ARGON2ID && params.version === V0X13 && params.hash.length === HASH_LENGTH &&
      params.timeCost === timeCost && params.memoryCost === memoryCost && params.parallelism === parallelism;
    return !same || mustUpdateSalt(params.salt.toString('latin1'));
  },
  // "The runtime for Argon2 is too complicated to implement a sensible hardening algorithm."
  hardenRuntime: NO_WORK_FACTOR.hardenRuntime,
});
