// settings.PASSWORD_HASHERS as the monolith exported them: each algorithm's hasher with the monolith's parameters.
import type { SettingsExport } from '../settings-export.ts';
import { argon2 } from './argon2.ts';
import { bcrypt, bcryptSha256 } from './bcrypt.ts';
import type { PasswordHasher } from './hasher.ts';
import { md5, sha1, unsaltedMd5, unsaltedSha1 } from './legacy.ts';
import { pbkdf2Sha1, pbkdf2Sha256 } from './pbkdf2.ts';
import { scrypt } from './scrypt.ts';

export type ExportedHasher = SettingsExport['password_hashers'][number];

/** A parameter the export must carry for this hasher (canopy_export writes it from the hasher instance). */
function parameter(hasher: ExportedHasher, name: 'iterations' | 'time_cost' | 'memory_cost' | 'parallelism' | 'rounds' | 'work_factor' | 'block_size' | 'maxmem'): number {
  const value = hasher[name];
  if (value === undefined) throw new Error(`PASSWORD_HASHERS ${hasher.path} has no ${name} in the settings export: export it again with manage.py canopy_export`);
  return value;
}

/** The algorithms the functions verify and re-hash, each made from its exported parameters. */
const FACTORIES: Record<string, (hasher: ExportedHasher) => PasswordHasher> = {
  pbkdf2_sha256: (h) => pbkdf2Sha256(parameter(h, 'iterations')),
  pbkdf2_sha1: (h) => pbkdf2Sha1(parameter(h, 'iterations')),
  argon2: (h) => argon2({ timeCost: parameter(h, 'time_cost'), memoryCost: parameter(h, 'memory_cost'), parallelism: parameter(h, 'parallelism') }),
  bcrypt_sha256: (h) => bcryptSha256(parameter(h, 'rounds')),
  bcrypt: (h) => bcrypt(parameter(h, 'rounds')),
  scrypt: (h) => scrypt({ workFactor: parameter(h, 'work_factor'), blockSize: parameter(h, 'block_size'), parallelism: parameter(h, 'parallelism'), maxmem: parameter(h, 'maxmem') }),
  sha1: () => sha1,
  md5: () => md5,
  unsalted_sha1: () => unsaltedSha1,
  unsalted_md5: () => unsaltedMd5,
};

/** The hash algorithms the functions can mirror. */
export const MIRRORED_ALGORITHMS: readonly string[] = Object.keys(FACTORIES);

/** One line per exported hasher the functions cannot mirror (the build refuses the export). */
export function unmirroredHashers(hashers: readonly ExportedHasher[]): string[] {
  return hashers
    .filter((h) => !MIRRORED_ALGORITHMS.includes(h.algorithm))
    .map((h) => `PASSWORD_HASHERS has ${h.path} (algorithm ${h.algorithm}), which the functions cannot verify: remove it, or keep the login routes in Django`);
}

/** settings.PASSWORD_HASHERS in the monolith's order; the first is the preferred ("default") hasher. */
export function configuredHashers(hashers: readonly ExportedHasher[]): PasswordHasher[] {
  const refused = unmirroredHashers(hashers);
  if (refused.length) throw new Error(refused[0]);
  return hashers.map((h) => FACTORIES[h.algorithm]!(h));
}
