import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { monolithSettings } from '../shared/django/monolith-settings.ts';
import { COMMITTED_SETTINGS_EXPORT, loadSettingsExport, settingsExportPath, unhonoured } from './settings-export.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'canopy-settings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
}

it('builds with the file CANOPY_SETTINGS_EXPORT names, else the committed export', () => {
  expect(settingsExportPath({})).toBe(COMMITTED_SETTINGS_EXPORT);
  expect(settingsExportPath({ CANOPY_SETTINGS_EXPORT: '/x/settings.json' })).toBe('/x/settings.json');
});

it('gives unbundled code (vitest) the committed export, as a bundle built without CANOPY_SETTINGS_EXPORT has it', () => {
  expect(monolithSettings).toEqual(loadSettingsExport(COMMITTED_SETTINGS_EXPORT));
});

it('refuses a missing, non-JSON, invalid or unmirrorable export in one line naming the file', () => {
  const committed = JSON.parse(readFileSync(COMMITTED_SETTINGS_EXPORT, 'utf8'));
  const badPageSize = file('bad.json', JSON.stringify({ ...committed, rest_framework_settings: { ...committed.rest_framework_settings, PAGE_SIZE: 'twenty' } }));
  const houseHasher = { path: 'house.HouseHasher', algorithm: 'house_pbkdf2', iterations: 1 };
  const unknownHasher = file('hasher.json', JSON.stringify({ ...committed, password_hashers: [houseHasher, ...committed.password_hashers] }));
  const cases: Array<[string, RegExp]> = [
    [join(dir, 'missing.json'), /^cannot read the settings export .*missing\.json \(ENOENT\): set CANOPY_SETTINGS_EXPORT to a file manage\.py canopy_export wrote$/],
    [file('text.json', 'not json'), /^.*text\.json: the settings export is not JSON .*: export it again with manage\.py canopy_export$/],
    [badPageSize, /^.*bad\.json: the settings export is not valid at rest_framework_settings\.PAGE_SIZE: invalid_type; export it again/],
    // Valid, but not what the functions can do: a hand-edited file that canopy_export would have refused.
    [unknownHasher, /^.*hasher\.json: PASSWORD_HASHERS has house\.HouseHasher \(algorithm house_pbkdf2\), which the functions cannot verify: remove it, or keep the login routes in Django$/],
  ];
  for (const [path, message] of cases) {
    expect(() => loadSettingsExport(path)).toThrow(message);
    try {
      loadSettingsExport(path);
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  }
});

it('npm run build stops in one line when CANOPY_SETTINGS_EXPORT names a bad file', async () => {
  const bad = file('truncated.json', readFileSync(COMMITTED_SETTINGS_EXPORT, 'utf8').slice(0, 100));
  const outcome = await run(process.execPath, ['--import', 'tsx', 'tools/build.ts'], { cwd: ROOT, env: { ...process.env, CANOPY_SETTINGS_EXPORT: bad } }).then(
    () => ({ code: 0, stderr: '' }),
    (e: { code: number; stderr: string }) => e,
  );
  expect(outcome.code).toBe(1);
  expect(outcome.stderr.trim()).toMatch(/^canopy build: .*truncated\.json: the settings export is not JSON \([^\n]*\): export it again with manage\.py canopy_export$/);
});

it('refuses, one line each, the settings the functions do not follow; the reference monolith asks none of them', () => {
  const committed = loadSettingsExport(COMMITTED_SETTINGS_EXPORT);
  expect(unhonoured(committed)).toEqual([]);
  const changed = (settings: object, drf: object = {}) =>
    unhonoured({ ...committed, settings: { ...committed.settings, ...settings }, rest_framework_settings: { ...committed.rest_framework_settings, ...drf } });
  // The functions check the Host header as Django does (shared/django/host.ts).
  expect(changed({ ALLOWED_HOSTS: ['shop.example', '.canopy.test'], USE_X_FORWARDED_HOST: true })).toEqual([]);
  expect(changed({ CSRF_USE_SESSIONS: true })).toEqual([]);
  expect(changed({ TIME_ZONE: 'Australia/Adelaide' })).toEqual([]);
  expect(changed({ USE_TZ: false })).toEqual([expect.stringMatching(/^USE_TZ is False: .*use USE_TZ = True, or keep/)]);
  expect(changed({ TIME_ZONE: 'Mars/Olympus_Mons' })).toEqual([expect.stringMatching(/^TIME_ZONE is Mars\/Olympus_Mons, which Node's time zone data does not know/)]);
  expect(changed({ MIDDLEWARE: committed.settings.MIDDLEWARE.filter((m) => !m.includes('clickjacking')) })).toEqual([
    expect.stringMatching(/^MIDDLEWARE lacks django\.middleware\.clickjacking\.XFrameOptionsMiddleware, which the functions always apply/),
  ]);
  expect(changed({}, { PAGE_SIZE: null })).toEqual([expect.stringMatching(/^REST_FRAMEWORK has no DEFAULT_PAGINATION_CLASS or PAGE_SIZE/)]);
  expect(changed({}, { DATETIME_FORMAT: '%Y', COERCE_DECIMAL_TO_STRING: false, URL_FORMAT_OVERRIDE: null })).toEqual([
    expect.stringMatching(/^REST_FRAMEWORK DATETIME_FORMAT is %Y: /),
    expect.stringMatching(/^REST_FRAMEWORK COERCE_DECIMAL_TO_STRING is False: /),
    expect.stringMatching(/^REST_FRAMEWORK URL_FORMAT_OVERRIDE is null: /),
  ]);
});
