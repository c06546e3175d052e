/**
 * `npm run drift` against the reference monolith: passes while the monolith
 * is what the functions were built against, and fails naming each change,
 * one line each, once the monolith changes (a setting, a serializer field, a
 * URL pattern: test/drift/planted-monolith.ts).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { migratedPaths } from '../../tools/drift/paths.ts';
import { loadManifest } from '../../tools/manifest.ts';
import { SEED_TOKENS } from '../../tools/seed-credentials.ts';
import { selectedDjangoVersion, SYSTEM_DJANGO } from '../../tools/stack/django-versions.ts';
import { DEV_SECRET_KEY, manage, startMonolith } from '../../tools/stack/monolith.ts';
import { freePort } from '../../tools/stack/ports.ts';
import type { Service } from '../../tools/stack/processes.ts';
import { startWorld, type World } from '../support/world.ts';
import { plantedMonolithEnv } from './planted-monolith.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const exec = promisify(execFile);

/** Runs `npm run drift -- <args>` as a process; its exit code and output. */
async function drift(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return exec(`${ROOT}node_modules/.bin/tsx`, ['tools/drift/main.ts', ...args], { cwd: ROOT, env: { ...process.env, ...env }, timeout: 120_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

let world: World;
let planted: Service;
let plantedEnv: Record<string, string>;
/** What the check printed against the changed reference monolith. */
let plantedReport = '';
const scratch = mkdtempSync(join(tmpdir(), 'canopy-drift-'));

beforeAll(async () => {
  world = await startWorld([]);
  plantedEnv = plantedMonolithEnv();
  const env = { databaseUrl: world.databaseUrl, secretKey: DEV_SECRET_KEY, dispatchUrl: 'http://127.0.0.1:9', pythonPath: inject('djangoPythonPath') || undefined, more: plantedEnv };
  planted = await startMonolith(inject('djangoPython'), env, { port: await freePort() });
});

afterAll(async () => {
  await Promise.all([world?.stop(), planted?.stop()]);
  rmSync(scratch, { recursive: true, force: true });
});

it('against the committed files: the reference monolith on its default configuration is what the functions were built against', async () => {
  // The committed export, not the one this test run built its bundles with.
  const result = await drift(['--monolith-url', world.monolith.url], { CANOPY_SETTINGS_EXPORT: '' });
  const reference = selectedDjangoVersion() === SYSTEM_DJANGO && (process.env.CANOPY_MONOLITH_CONFIG ?? 'default') === 'default';
  if (reference) {
    expect(result.stderr + result.stdout).toMatch(new RegExp(`canopy drift: none: .* ${migratedPaths(loadManifest()).length} migrated paths`));
    expect(result.code).toBe(0);
  } else {
    // Another Django or configuration is a monolith that drifted from the committed export: the check says so.
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^export: /m);
  }
}, 180_000);

describe('a monolith that changes after the functions were built', () => {
  const files = { CANOPY_SETTINGS_EXPORT: join(scratch, 'monolith-settings.json') };
  const baseline = join(scratch, 'monolith-baseline.json');

  beforeAll(async () => {
    const accepted = await drift(['--accept', '--baseline', baseline, '--monolith-url', world.monolith.url], files);
    expect(accepted.stdout, accepted.stderr).toContain(`wrote ${baseline}`);
  }, 180_000);

  it('passes while the monolith is unchanged', async () => {
    const result = await drift(['--baseline', baseline, '--monolith-url', world.monolith.url], files);
    expect(result.stdout, result.stderr).toMatch(/^canopy drift: none/);
    expect(result.code).toBe(0);
  }, 180_000);

  it('fails naming the changed setting, the new serializer field and the new URL pattern, one line each', async () => {
    const result = await drift(['--baseline', baseline, '--monolith-url', planted.url], { ...files, ...plantedEnv });
    expect(result.code).toBe(1);
    const pageSize = (JSON.parse(readFileSync(files.CANOPY_SETTINGS_EXPORT, 'utf8')) as { rest_framework_settings: { PAGE_SIZE: number } }).rest_framework_settings.PAGE_SIZE;
    const lines = result.stdout.trim().split('\n');
    expect(lines).toContain(`export: rest_framework_settings.PAGE_SIZE is ${pageSize + 5} (built against ${pageSize})`);
    // The pagination class's own page_size (exported beside the setting) follows PAGE_SIZE.
    expect(lines).toContain(`export: pagination.page_size is ${pageSize + 5} (built against ${pageSize})`);
    expect(lines.filter((l) => l.startsWith('OPTIONS /api/orders/: body.actions.POST.customer_name is new: {'))).toHaveLength(1);
    expect(lines).toContain('URL /api/users/1/: route is "^api/users/(?P<pk>[0-9]+)/$" (built against "api/users/(?P<pk>[^/.]+)/$")');
    expect(lines).toContain('URL /api/users/1/: url_name is "user-by-number" (built against "user-detail")');
    // Nothing else is named: every line is one of the planted changes (the users detail's OPTIONS name follows its new pattern).
    const plantedLine = /^(export: (rest_framework_settings\.PAGE_SIZE|pagination\.page_size) |OPTIONS \/api\/orders\/: body\.actions\.POST\.customer_name|URL \/api\/users\/1\/: |OPTIONS \/api\/users\/1\/: )/;
    expect(lines.filter((l) => !plantedLine.test(l))).toEqual([]);
    expect(result.stderr).toMatch(new RegExp(`canopy drift: ${lines.length} difference\\(s\\) from what the functions were built against`));
    plantedReport = result.stdout;
  }, 180_000);

  it('reads a monolith of yours from the files its manage.py writes, and names the same differences', async () => {
    const env = { databaseUrl: world.databaseUrl, secretKey: DEV_SECRET_KEY, dispatchUrl: 'http://127.0.0.1:9', pythonPath: inject('djangoPythonPath') || undefined, more: plantedEnv };
    const exported = join(scratch, 'now-settings.json');
    const urls = join(scratch, 'now-urls.json');
    await manage(inject('djangoPython'), env, 'canopy_export', '--output', exported);
    await manage(inject('djangoPython'), env, 'canopy_urls', ...migratedPaths(loadManifest()), '--output', urls);
    const yours = ['--baseline', baseline, '--monolith-url', planted.url, '--export', exported, '--urls', urls];
    const refused = await drift(yours, files);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toBe("canopy drift: CANOPY_DRIFT_AUTHORIZATION is missing: a staff user's Authorization header (e.g. 'Token <key>'), so OPTIONS describes the write actions");
    const result = await drift(yours, { ...files, CANOPY_DRIFT_AUTHORIZATION: `Token ${SEED_TOKENS.admin}` });
    expect(result.code).toBe(1);
    expect(plantedReport).not.toBe('');
    expect(result.stdout).toBe(plantedReport);
  }, 180_000);
});
