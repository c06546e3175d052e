// django.contrib.auth.hashers.check_password / make_password with the monolith's PASSWORD_HASHERS.
import { getRandomString } from '../crypto.ts';
import { monolithSettings } from '../monolith-settings.ts';
import { configuredHashers } from './configured.ts';
import type { PasswordHasher } from './hasher.ts';

export { HasherError, type PasswordHasher } from './hasher.ts';

/** settings.PASSWORD_HASHERS, in the monolith's order, with its parameters; the first is the default ("preferred") hasher. */
export const PASSWORD_HASHERS: readonly PasswordHasher[] = configuredHashers(monolithSettings.password_hashers);

const DEFAULT_HASHER = PASSWORD_HASHERS[0]!;
const BY_ALGORITHM = new Map(PASSWORD_HASHERS.map((hasher) => [hasher.algorithm, hasher]));

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
  // Ancient Django stored bare or 'md5$$'-prefixed MD5, and 'sha1$$'-prefixed SHA1 (when those hashers are installed).
  if ((encoded.length === 32 && !encoded.includes('$')) || (encoded.length === 37 && encoded.startsWith('md5$$'))) {
    return BY_ALGORITHM.get('unsalted_md5');
  }
  if (encoded.length === 46 && encoded.startsWith('sha1$$')) return BY_ALGORITHM.get('unsalted_sha1');
  const at = encoded.indexOf('$');
  return BY_ALGORITHM.get(at < 0 ? encoded : encoded.slice(0, at));
}

/** django.contrib.auth.hashers.is_password_usable. */
export function isPasswordUsable(encoded: string | null): boolean {
  return encoded === null || !encoded.startsWith(UNUSABLE_PASSWORD_PREFIX);
}

/** make_password(password, hasher=algorithm): what Django stores in auth_user.password (the preferred hasher's by default). */
export function makePassword(password: string, algorithm: string = DEFAULT_HASHER.algorithm): Promise<string> {
  const hasher = BY_ALGORITHM.get(algorithm);
  // get_hasher's ValueError: only the monolith's hashers exist.
  if (!hasher) throw new Error(`Unknown password hashing algorithm '${algorithm}'. Did you specify it in the PASSWORD_HASHERS setting?`);
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
  if (!valid && !hasherChanged && mustUpdate) await hasher.hardenRuntime(password, encoded);
  return { valid, mustUpdate: valid && mustUpdate };
}
