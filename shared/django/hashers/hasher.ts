import { RANDOM_STRING_CHARS, getRandomString } from '../crypto.ts';

/** One entry of settings.PASSWORD_HASHERS: Django's BasePasswordHasher, minus what the monolith never calls. */
export interface PasswordHasher {
  /** The prefix before the first '$' in an encoded password. */
  readonly algorithm: string;
  /** BasePasswordHasher.salt(): a fresh salt as this hasher generates it. */
  salt(): string;
  /** encode(password, salt): the value stored in auth_user.password. */
  encode(password: string, salt: string): Promise<string>;
  /** verify(password, encoded); throws HasherError where Django raises. */
  verify(password: string, encoded: string): Promise<boolean>;
  /** must_update(encoded), asked of the preferred hasher: `encoded` was made with other parameters (or a short salt). */
  mustUpdate(encoded: string): boolean;
  /** harden_runtime(password, encoded): the work `encoded` is missing against this hasher's parameters, thrown away. */
  hardenRuntime(password: string, encoded: string): Promise<void>;
}

/** BasePasswordHasher.must_update and harden_runtime: nothing to update, nothing to harden. */
export const NO_WORK_FACTOR = { mustUpdate: () => false, hardenRuntime: async () => {} } satisfies Pick<PasswordHasher, 'mustUpdate' | 'hardenRuntime'>;

/** Where Django's hasher raises (a 500) instead of answering False: a malformed hash, or NUL in a bcrypt password. */
export class HasherError extends Error {
  constructor(algorithm: string, detail: string) {
    super(`${algorithm} hasher: ${detail}`);
    this.name = 'HasherError';
  }
}

/** BasePasswordHasher.salt_entropy. */
export const SALT_ENTROPY = 128;

/** BasePasswordHasher.salt(): enough RANDOM_STRING_CHARS for SALT_ENTROPY bits (22 characters). */
export function randomSalt(): string {
  return getRandomString(Math.ceil(SALT_ENTROPY / Math.log2(RANDOM_STRING_CHARS.length)));
}

/** django.contrib.auth.hashers.must_update_salt: true when the salt carries less than `expectedEntropy` bits. */
export function mustUpdateSalt(salt: string, expectedEntropy: number = SALT_ENTROPY): boolean {
  return [...salt].length * Math.log2(RANDOM_STRING_CHARS.length) < expectedEntropy;
}

/**
 * Python's `text.split(sep, maxsplit)` unpacked into exactly maxsplit + 1 parts, raising (as the
 * tuple unpacking in Django's decode() methods does) when there are fewer.
 */
export function splitParts(algorithm: string, text: string, sep: string, maxsplit: number): string[] {
  const parts: string[] = [];
  let rest = text;
  for (let i = 0; i < maxsplit; i++) {
    const at = rest.indexOf(sep);
    if (at < 0) break;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at + sep.length);
  }
  parts.push(rest);
  if (parts.length !== maxsplit + 1) throw new HasherError(algorithm, `expected ${maxsplit + 1} '${sep}'-separated parts`);
  return parts;
}

/** The `assert salt and '$' not in salt` of Django's salted encode() methods. */
export function assertSalt(algorithm: string, salt: string): void {
  if (salt === '' || salt.includes('$')) throw new HasherError(algorithm, 'empty salt or salt containing "$"');
}
