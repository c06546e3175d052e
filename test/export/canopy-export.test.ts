import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, inject, it } from 'vitest';
import { parseSettingsExport } from '../../shared/django/settings-export.ts';
import { DIST } from '../../tools/build.ts';
import { COMMITTED_SETTINGS_EXPORT } from '../../tools/settings-export.ts';
import { DJANGO_VERSIONS, ensureDjango, SYSTEM_DJANGO, type DjangoVersion } from '../../tools/stack/django-versions.ts';
import { DEV_SECRET_KEY, findDjangoPython, manage, type MonolithEnv } from '../../tools/stack/monolith.ts';
import { MONOLITH_CONFIGS, type MonolithConfig } from '../../tools/stack/monolith-config.ts';

// The export app (django/canopy_export), installed in the reference monolith, on every Django it runs on.

async function monolith(version: DjangoVersion, config: MonolithConfig = 'default'): Promise<{ run: (...args: string[]) => Promise<string>; shell: (code: string) => Promise<unknown> }> {
  const pythonPath = await ensureDjango(version);
  const python = await findDjangoPython(pythonPath);
  if (!python) throw new Error(`Django ${version} does not import`);
  // The command reads settings only: no database connection is made.
  const env: MonolithEnv = { databaseUrl: inject('pgAdminUrl'), secretKey: DEV_SECRET_KEY, dispatchUrl: 'http://127.0.0.1:9', pythonPath, config };
  const run = (...args: string[]) => manage(python, env, ...args);
  return { run, shell: async (code) => JSON.parse(await run('shell', '--verbosity', '0', '-c', code)) };
}

// Django and DRF asked directly (DRF through api_settings, which resolves and imports), for every exported name.
const LIVE = (names: { django: string[]; drf: string[]; pagination: string[] }) => `
import json, django, rest_framework
from django.conf import settings
from rest_framework.settings import api_settings
from django.contrib.auth.hashers import get_hashers
def plain(v):
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    if callable(v):
        return v.__module__ + '.' + v.__qualname__
    return v if v is None or isinstance(v, (bool, int, str, dict)) else str(v)
print(json.dumps({
    'django': django.get_version(),
    'drf': rest_framework.VERSION,
    'settings': {n: plain(getattr(settings, n)) for n in ${JSON.stringify(names.django)}},
    'drf_settings': {n: plain(getattr(api_settings, n)) for n in ${JSON.stringify(names.drf)}},
    'hashers': [[h.algorithm, getattr(h, 'iterations', None)] for h in get_hashers()],
    'pagination': {n: plain(getattr(api_settings.DEFAULT_PAGINATION_CLASS, n)) for n in ${JSON.stringify(names.pagination)}},
}))`;

for (const version of DJANGO_VERSIONS) {
  for (const config of MONOLITH_CONFIGS) {
  it(`manage.py canopy_export writes what Django ${version} and its DRF run with on the ${config} configuration, valid and without SECRET_KEY`, async () => {
    const { run, shell } = await monolith(version, config);
    const text = await run('canopy_export');
    const exported = parseSettingsExport(text);
    const { path, ...paginationAttributes } = exported.pagination!;
    const live = (await shell(LIVE({ django: Object.keys(exported.settings), drf: Object.keys(exported.rest_framework_settings), pagination: Object.keys(paginationAttributes) }))) as Record<string, unknown>;
    expect(exported.django.version).toBe(live.django);
    expect(exported.django.version.startsWith(`${version}.`)).toBe(true);
    expect(exported.rest_framework.version).toBe(live.drf);
    expect(exported.settings).toEqual(live.settings);
    expect(exported.rest_framework_settings).toEqual(live.drf_settings);
    expect(exported.password_hashers.map((h) => [h.algorithm, h.iterations ?? null])).toEqual(live.hashers);
    expect(path).toBe((live.drf_settings as Record<string, unknown>).DEFAULT_PAGINATION_CLASS);
    expect(paginationAttributes).toEqual(live.pagination);
    expect(text).not.toContain(DEV_SECRET_KEY);
    expect(text).not.toMatch(/SECRET_KEY/);
    // The schema is strict: a field added to the file (a secret among them) is refused by name.
    const withSecret = JSON.parse(text) as { settings: Record<string, unknown> };
    withSecret.settings.SECRET_KEY = DEV_SECRET_KEY;
    expect(() => parseSettingsExport(JSON.stringify(withSecret))).toThrow(/at settings: unknown field\(s\) SECRET_KEY; export it again/);

    const dir = mkdtempSync(join(tmpdir(), 'canopy-export-'));
    try {
      expect(await run('canopy_export', '--output', join(dir, 'settings.json'))).toBe('');
      expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe(text);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
  }

  it(`manage.py canopy_export on Django ${version} refuses what the functions cannot mirror, one line per problem, and writes nothing`, async () => {
    const { shell } = await monolith(version);
    const outcome = (await shell(`
import io, json, sys, types
from django.conf import settings
from django.contrib.auth import hashers
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test.utils import override_settings
# A team's own hasher (an algorithm of its own): Django 3.2 to 5.x all load it by its import path.
class HouseHasher(hashers.PBKDF2PasswordHasher):
    algorithm = 'house_pbkdf2'
sys.modules['house_hashers'] = types.SimpleNamespace(HouseHasher=HouseHasher)
out, err = io.StringIO(), io.StringIO()
with override_settings(
    SESSION_ENGINE='django.contrib.sessions.backends.cache',
    SESSION_SERIALIZER='django.contrib.sessions.serializers.PickleSerializer',
    PASSWORD_HASHERS=settings.PASSWORD_HASHERS + ['house_hashers.HouseHasher'],
    MIDDLEWARE=settings.MIDDLEWARE + ['monolith.middleware.AuditMiddleware'],
    REST_FRAMEWORK=dict(settings.REST_FRAMEWORK,
        DEFAULT_AUTHENTICATION_CLASSES=['rest_framework.authentication.SessionAuthentication', 'accounts.auth.JWTAuthentication'],
        DEFAULT_PAGINATION_CLASS='rest_framework.pagination.LimitOffsetPagination',
        DEFAULT_THROTTLE_CLASSES=['rest_framework.throttling.UserRateThrottle']),
):
    try:
        call_command('canopy_export', stdout=out, stderr=err)
        error = None
    except CommandError as e:
        error = str(e)
print(json.dumps({'stdout': out.getvalue(), 'stderr': err.getvalue(), 'error': error}))
`)) as { stdout: string; stderr: string; error: string | null };
    expect(outcome.stdout).toBe('');
    expect(outcome.error).toMatch(/^7 setting\(s\) Canopy cannot mirror/);
    const lines = outcome.stderr.trim().split('\n');
    expect(lines.map((l) => l.split(/ (is|has) /)[0])).toEqual([
      'SESSION_ENGINE',
      'SESSION_SERIALIZER',
      'PASSWORD_HASHERS',
      'MIDDLEWARE',
      'REST_FRAMEWORK DEFAULT_AUTHENTICATION_CLASSES',
      'REST_FRAMEWORK DEFAULT_PAGINATION_CLASS',
      'REST_FRAMEWORK DEFAULT_THROTTLE_CLASSES',
    ]);
    expect(lines[5]).toContain('LimitOffsetPagination, which is not a PageNumberPagination');
    expect(lines[1]).toContain('PickleSerializer');
    expect(lines[2]).toContain('(algorithm house_pbkdf2)');
    expect(lines[3]).toContain('monolith.middleware.AuditMiddleware');
    expect(lines[4]).toContain('accounts.auth.JWTAuthentication');
    for (const line of lines) expect(line).toMatch(/: .*(use|remove|change|keep)/);
  }, 180_000);

  it(`manage.py canopy_export on Django ${version} takes a PageNumberPagination subclass that changes attributes only`, async () => {
    const { shell } = await monolith(version);
    const verdicts = (await shell(`
import json, sys, types
from rest_framework.pagination import PageNumberPagination
from canopy_export.refusals import pagination_problem
class Sized(PageNumberPagination):
    page_size_query_param = 'size'
    max_page_size = 40
class Counted(Sized):
    def get_page_size(self, request):
        return 3
planted = types.ModuleType('planted_pagination')
planted.Sized, planted.Counted = Sized, Counted
sys.modules['planted_pagination'] = planted
print(json.dumps([pagination_problem(p) for p in [None, 'rest_framework.pagination.PageNumberPagination', 'planted_pagination.Sized', 'planted_pagination.Counted']]))
`)) as (string | null)[];
    expect(verdicts.slice(0, 3)).toEqual([null, null, null]);
    expect(verdicts[3]).toMatch(/^REST_FRAMEWORK DEFAULT_PAGINATION_CLASS is planted_pagination\.Counted, which changes get_page_size of PageNumberPagination: .*; change it, or keep/);
  }, 180_000);
}

it('infra/monolith-settings.json (what Cloud Build embeds) is the reference monolith\'s export on Django 3.2, default configuration', async () => {
  // The default configuration, whatever configuration this run's monolith has.
  const { run } = await monolith(SYSTEM_DJANGO, 'default');
  expect(readFileSync(COMMITTED_SETTINGS_EXPORT, 'utf8')).toBe(await run('canopy_export'));
}, 180_000);

it('the functions this run built embed the export of the monolith this run started', async () => {
  const embedded = readFileSync(join(DIST, 'users', 'index.js'), 'utf8');
  const exported = parseSettingsExport(readFileSync(inject('settingsExport'), 'utf8'));
  // Asserted as a boolean: a failing match would print the whole bundle.
  expect(embedded.includes(JSON.stringify(exported.django.version_info)), `users bundle embeds Django ${exported.django.version}`).toBe(true);
  // The bundles suites build themselves (planted differences) embed it too: their workers inherit it.
  expect(process.env.CANOPY_SETTINGS_EXPORT).toBe(inject('settingsExport'));
});
