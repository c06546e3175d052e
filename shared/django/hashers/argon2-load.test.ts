import { describe, expect, it, vi } from 'vitest';

// A valid argon2id hash in Django's format (of "password"); its parameters are the monolith's.
const HASH = 'argon2$argon2id$v=19$m=102400,t=2,p=8$c29tZXNhbHRzb21lc2FsdA$zbtzJXbNnF6MqRJKzzzWZg';

describe('argon2 when its native library cannot load', () => {
  it('fails the verification for all to see, rather than calling the password wrong', async () => {
    vi.doMock('@node-rs/argon2', () => {
      throw new Error('no native binary for this platform');
    });
    const { argon2 } = await import('./argon2.ts');
    await expect(argon2({ timeCost: 2, memoryCost: 102400, parallelism: 8 }).verify('password', HASH)).rejects.toThrow();
  });
});
