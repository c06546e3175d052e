// django.contrib.auth.hashers.check_password / make_password with the monolith's PASSWORD_HASHERS.
import { getRandomString } from '../crypto.ts';
import { argon2 } from './argon2.ts';
import { bcrypt, bcryptSha256 } from './bcrypt.ts';
import type { PasswordHasher } from './hasher.ts';
import { md5, sha1, unsaltedMd5, unsaltedSha1 } from './legacy.ts';
import { pbkdf2Sha1, pbkdf2Sha256 } from './pbkdf2.ts';

export { HasherError, type PasswordHasher } from './hasher.ts';

/** settings.PASSWORD_HASHERS, in the monolith's order; the first is the default ("preferred") hasher. */
export const PASSWORD_HASHERS: readonly PasswordHasher[] = [
  pbkdf2Sha256,
  pbkdf2Sha1,
  argon2,
  bcryptSha256,
  bcrypt,
  sha1,
  md5,
  unsaltedSha1,
  unsaltedMd5,
];

const DEFAULT_HASHER = pbkdf2Sha256;
const BY_ALGORITHM = new Map(PASSWORD_HASHERS.map((hasher) => [hasher.algorithm, hasher]));

/** Algorithm names makePassword accepts. */
export type HasherAlgorithm = 'pbkdf2_sha256' | 'pbkdf2_sha1' | 'argon2' | 'bcrypt_sha256' | 'bcrypt' | 'sha1' | 'md5' | 'unsalted_sha1' | 'unsalted_md5';

/** django.contrib.auth.hashers.UNUSABLE_PASSWORD_PREFIX. */
export const UNUSABLE_PASSWORD_PREFIX = '!';
const UNUSABLE_PASSWORD_SUFFIX_LENGTH = 40;

/** Outcome of verifyPassword. */
export interface PasswordCheck {
  valid: boolean;
  /** Django would call the setter: re-hash with makePassword(password) and save (update_fields=['password']). */
  mustUpdate: boolean;
}

/** django.contrib.auth.hashers.identify_hasher, returning undefined where Django raises ValueError. */
export function identifyHasher(encoded: string): PasswordHasher | undefined {
  // Ancient Django stored bare or 'md5$$'-prefixed MD5, and 'sha1$$'-prefixed SHA1.
  if ((encoded.length === 32 && !encoded.includes('$')) || (encoded.length === 37 && encoded.startsWith('md5$$'))) {
    return unsaltedMd5;
  }
  if (encoded.length === 46 && encoded.startsWith('sha1$$')) return unsaltedSha1;
  const at = encoded.indexOf('$');
  return BY_ALGORITHM.get(at < 0 ? encoded : encoded.slice(0, at));
}

/** django.contrib.auth.hashers.is_password_usable. */
export function isPasswordUsable(encoded: string | null): boolean {
  return encoded === null || !encoded.startsWith(UNUSABLE_PASSWORD_PREFIX);
}

/** make_password(password, hasher=algorithm): what Django stores in auth_user.password (pbkdf2_sha256$260000$<22-char salt>$<b64> by default). */
export function makePassword(password: string, algorithm: HasherAlgorithm = 'pbkdf2_sha256'): Promise<string> {
  const hasher = BY_ALGORITHM.get(algorithm)!;
  return hasher.encode(password, hasher.salt());
}

/** make_password(None) / set_unusable_password(): '!' and 40 random characters. */
export function makeUnusablePassword(): string {
  return UNUSABLE_PASSWORD_PREFIX + getRandomString(UNUSABLE_PASSWORD_SUFFIX_LENGTH);
}

/**
 * Spend one default-hasher run on `password` and discard it: what ModelBackend does for an unknown
 * username and check_password for unusable or unidentifiable hashes, so timing does not tell them apart.
 */
export async function runDefaultHasher(password: string = getRandomString(UNUSABLE_PASSWORD_SUFFIX_LENGTH)): Promise<void> {
  await makePassword(password);
}

/**
 * django.contrib.auth.hashers.check_password(password, encoded, setter): same answer, same
 * re-hash decision, same timing equalisation. Throws HasherError where Django raises.
 */
export async function verifyPassword(password: string, encoded: string): Promise<PasswordCheck> {
  const hasher = isPasswordUsable(encoded) ? identifyHasher(encoded) : undefined;
  if (!hasher) {
    await runDefaultHasher();
    return { valid: false, mustUpdate: false };
  }
  const hasherChanged = hasher.algorithm !== DEFAULT_HASHER.algorithm;
  const mustUpdate = hasherChanged || DEFAULT_HASHER.mustUpdate(encoded);
  const valid = await hasher.verify(password, encoded);
  // Close the timing gap between a weaker pbkdf2 hash and the current work factor.
  if (!valid && !hasherChanged && mustUpdate) await DEFAULT_HASHER.hardenRuntime(password, encoded);
  return { valid, mustUpdate: valid && mustUpdate };
}
