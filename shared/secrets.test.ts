// Secret Manager cannot be reached from here: its client is replaced by a fake
// reader with the same accessSecretVersion shape (the one mock of this suite).
import { describe, expect, it } from 'vitest';
import { readSecret, type SecretVersionReader } from './secrets.ts';

function fakeReader(versions: Record<string, string | null>) {
  const asked: string[] = [];
  const reader: SecretVersionReader = {
    async accessSecretVersion({ name }) {
      asked.push(name);
      if (!(name in versions)) throw new Error(`5 NOT_FOUND: Secret Version [${name}] not found`);
      const data = versions[name];
      return [{ payload: data === null ? null : { data: Buffer.from(data!, 'utf8') } }];
    },
  };
  return { asked, reader: async () => reader };
}

describe('readSecret', () => {
  it('prefers the plain variable (Cloud Run filled it from Secret Manager) and never calls the API', async () => {
    const fake = fakeReader({});
    expect(await readSecret('SECRET_KEY', { SECRET_KEY: 'from-env', SECRET_KEY_SECRET: 'projects/p/secrets/s/versions/1' }, fake.reader)).toBe('from-env');
    expect(fake.asked).toEqual([]);
  });

  it('reads the named version once when only <NAME>_SECRET is set', async () => {
    const name = 'projects/p/secrets/django-secret-key/versions/latest';
    const fake = fakeReader({ [name]: 'k3y-ü' });
    expect(await readSecret('SECRET_KEY', { SECRET_KEY_SECRET: name }, fake.reader)).toBe('k3y-ü');
    expect(fake.asked).toEqual([name]);
  });

  it('is undefined when neither is set, so the config check names the variable', async () => {
    expect(await readSecret('SECRET_KEY', {}, fakeReader({}).reader)).toBeUndefined();
  });

  it('fails clearly on an empty version and passes the API error through for a missing one', async () => {
    const fake = fakeReader({ 'projects/p/secrets/empty/versions/1': null });
    await expect(readSecret('SECRET_KEY', { SECRET_KEY_SECRET: 'projects/p/secrets/empty/versions/1' }, fake.reader)).rejects.toThrow(
      'SECRET_KEY_SECRET: secret version projects/p/secrets/empty/versions/1 has no payload',
    );
    await expect(readSecret('SECRET_KEY', { SECRET_KEY_SECRET: 'projects/p/secrets/gone/versions/1' }, fake.reader)).rejects.toThrow('NOT_FOUND');
  });
});
