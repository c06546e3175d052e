/**
 * check_password's timing equalisation, as work done rather than time taken
 * (a timed assertion fails on a busy machine): every PBKDF2 run is counted by
 * its iterations, so each path is shown to do the default hasher's work.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

const iterationsRun: number[] = [];
vi.mock('node:crypto', async (importOriginal) => {
  const crypto = await importOriginal<typeof import('node:crypto')>();
  const pbkdf2 = ((...args: Parameters<typeof crypto.pbkdf2>) => {
    iterationsRun.push(args[2]);
    return crypto.pbkdf2(...args);
  }) as typeof crypto.pbkdf2;
  return { ...crypto, default: { ...crypto, pbkdf2 }, pbkdf2 };
});

const { makeUnusablePassword, runDefaultHasher, verifyPassword } = await import('./index.ts');
const { pbkdf2Sha256 } = await import('./pbkdf2.ts');
const { monolithSettings } = await import('../monolith-settings.ts');

// The monolith's preferred hasher and its iterations, as exported.
const PBKDF2_ITERATIONS = monolithSettings.password_hashers[0]!.iterations!;
const SALT = 'saltsaltsaltsaltsaltsa';
const current = await pbkdf2Sha256(PBKDF2_ITERATIONS).encode('right', SALT);
const weak = await pbkdf2Sha256(PBKDF2_ITERATIONS).encode('right', SALT, 1000);

beforeEach(() => {
  iterationsRun.length = 0;
});

describe('timing equalisation', () => {
  it('a wrong password on the current hash runs the default work factor once', async () => {
    expect((await verifyPassword('wrong', current)).valid).toBe(false);
    expect(iterationsRun).toEqual([PBKDF2_ITERATIONS]);
  });

  it.each([
    ['the default hasher for an unknown user', () => runDefaultHasher('whatever')],
    ['an unusable password', () => verifyPassword('wrong', makeUnusablePassword())],
    ['a hash no hasher claims', () => verifyPassword('wrong', 'nosuchhasher$x')],
  ])('%s costs one default hash', async (_name, check) => {
    await check();
    expect(iterationsRun).toEqual([PBKDF2_ITERATIONS]);
  });

  it('a wrong password on a weaker pbkdf2 hash is hardened to the current work factor, a right one is not', async () => {
    await verifyPassword('wrong', weak);
    expect(iterationsRun).toEqual([1000, PBKDF2_ITERATIONS - 1000]);
    iterationsRun.length = 0;
    await verifyPassword('right', weak);
    expect(iterationsRun).toEqual([1000]);
  });
});
