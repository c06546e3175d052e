/**
 * The image files of every built function (built by the test run's global
 * setup): dependencies installed with npm ci from a lockfile that is the root
 * lockfile's, on a base pinned by digest; and that lockfile really installs.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DIST } from '../../tools/build.ts';
import { BASE_IMAGE, readJson, rootLockfile } from '../../tools/image/files.ts';
import { lockDrift, type Lockfile } from '../../tools/image/lockfile.ts';
import { loadManifest } from '../../tools/manifest.ts';

const run = promisify(execFile);
const functions = Object.keys(loadManifest().functions);

describe.each(functions)('%s image', (name) => {
  const dir = join(DIST, name);

  it('installs exactly what the root package-lock.json pins', () => {
    const pkg = readJson<{ dependencies: Record<string, string> }>(join(dir, 'package.json'));
    const lock = readJson<Lockfile>(join(dir, 'package-lock.json'));
    expect(lockDrift(rootLockfile(), lock, pkg.dependencies, `dist/functions/${name}`)).toEqual([]);
  });

  it('runs npm ci on the pinned base, without install scripts', () => {
    const dockerfile = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain(`FROM ${BASE_IMAGE}\n`);
    expect(dockerfile).toMatch(/^COPY package\.json package-lock\.json \.\/$/m);
    expect(dockerfile).toMatch(/^RUN npm ci --omit=dev --ignore-scripts /m);
    expect(dockerfile).not.toMatch(/npm install/);
  });
});

describe('a built folder outside the project', () => {
  // identity carries every kind of dependency: the framework, the Secret Manager client and native hashers.
  it('installs with npm ci from its own lockfile and starts from its own node_modules', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'canopy-image-'));
    try {
      cpSync(join(DIST, 'identity'), copy, { recursive: true });
      await run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: copy, timeout: 240_000 });
      const installed = readJson<{ version: string }>(join(copy, 'node_modules/@node-rs/argon2/package.json')).version;
      expect(installed).toBe(rootLockfile().packages['node_modules/@node-rs/argon2']!.version);
      // Outside the project, index.js can only load its externals from the folder's node_modules; it then stops at its config.
      const started = await run(process.execPath, ['main.js'], { cwd: copy, env: { PATH: process.env.PATH!, FUNCTION_TARGET: 'identity', SECRET_KEY: 'x' }, timeout: 20_000 }).then(
        () => ({ code: 0, stderr: '' }),
        (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
      );
      expect(started.stderr.trim()).toMatch(/^canopy: DATABASE_URL: DATABASE_URL is not set/);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  }, 300_000);
});
