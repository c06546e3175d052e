import { randomBytes } from 'node:crypto';
import { expect, inject, it } from 'vitest';
import { DJANGO_VERSIONS, ensureDjango } from '../../tools/stack/django-versions.ts';
import { DEV_SECRET_KEY, findDjangoPython, manage, type MonolithEnv } from '../../tools/stack/monolith.ts';
import { createDatabase, withDatabase } from '../../tools/stack/postgres.ts';

// Every Django this file runs treats a deprecation as an error: the monolith must
// use nothing its Django is about to remove. (Python 3.11's own warning about
// the cgi module, which Django 3.2 imports, is not the monolith's doing.)
process.env.PYTHONWARNINGS = "error::DeprecationWarning,error::PendingDeprecationWarning,ignore:'cgi' is deprecated:DeprecationWarning";

const EXPECTED = { '3.2': { django: /^3\.2\./, drf: /^3\.14\./ }, '5.2': { django: /^5\.2\./, drf: /^3\.18\./ } };

// Seeded accounts whose hashes come from hashers Django 5.1 removed (the monolith keeps its own copies).
const REMOVED_HASHER_USERS = ['grace', 'ivan', 'judy'];

for (const version of DJANGO_VERSIONS) {
  it(`the monolith's unchanged code checks, migrates, seeds and logs in every seeded account on Django ${version}`, async () => {
    const pythonPath = await ensureDjango(version);
    const python = await findDjangoPython(pythonPath);
    expect(python, `Django ${version} does not import`).not.toBeNull();
    const name = `canopy_versions_${randomBytes(4).toString('hex')}`;
    await createDatabase(inject('pgAdminUrl'), name);
    const env: MonolithEnv = { databaseUrl: withDatabase(inject('pgAdminUrl'), name), secretKey: DEV_SECRET_KEY, dispatchUrl: 'http://127.0.0.1:9', pythonPath };

    const versions = JSON.parse(await manage(python!, env, 'shell', '--verbosity', '0', '-c', 'import json, django, rest_framework; print(json.dumps([django.get_version(), rest_framework.VERSION]))'));
    expect(versions[0]).toMatch(EXPECTED[version].django);
    expect(versions[1]).toMatch(EXPECTED[version].drf);
    expect(await manage(python!, env, 'check')).toContain('System check identified no issues');
    await manage(python!, env, 'migrate', '--noinput');
    expect(await manage(python!, env, 'seed')).toMatch(/^Seeded 14 users/);
    const logins = await manage(python!, env, 'shell', '--verbosity', '0', '-c', [
      'import json',
      'from django.contrib.auth import authenticate',
      `print(json.dumps({u: authenticate(username=u, password="canopy-demo-1") is not None for u in ${JSON.stringify(REMOVED_HASHER_USERS)}}))`,
    ].join('\n'));
    expect(JSON.parse(logins)).toEqual(Object.fromEntries(REMOVED_HASHER_USERS.map((u) => [u, true])));
    // The seed stores default-hasher passwords with this Django's own default iterations (5.2: 1,000,000).
    const seeded = JSON.parse(await manage(python!, env, 'shell', '--verbosity', '0', '-c', [
      'import json',
      'from django.contrib.auth.hashers import PBKDF2PasswordHasher',
      'from django.contrib.auth.models import User',
      'print(json.dumps({"iterations": PBKDF2PasswordHasher.iterations, "hashes": dict(User.objects.filter(username__in=["alice", "frank"]).values_list("username", "password"))}))',
    ].join('\n')));
    expect(seeded.hashes.alice).toMatch(new RegExp(`^pbkdf2_sha256\\$${seeded.iterations}\\$`));
    expect(seeded.hashes.frank).toMatch(new RegExp(`^pbkdf2_sha1\\$${seeded.iterations}\\$`));
  }, 180_000);
}
