/**
 * What `npm run build` produces for a function and for the outbox relay (built
 * by the test run's global setup): a self-contained folder that starts as its
 * container would.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DIST, RELAY_DIST } from '../../tools/build.ts';
import { BASE_IMAGE } from '../../tools/image/files.ts';
import { loadManifest } from '../../tools/manifest.ts';
import { freePort } from '../../tools/stack/ports.ts';

const run = promisify(execFile);
const dir = join(DIST, 'users');

describe.each(Object.keys(loadManifest().functions))('%s bundle', (name) => {
  // main.js runs the bundle as a script (shared/code-cache.ts), which on Node 20 has no import() of its own:
  // a left-out package loaded on first use (identity's native hashers) must come through require().
  it('loads what it left out with require, never import()', () => {
    expect(/\bimport\(/.test(readFileSync(join(DIST, name, 'index.js'), 'utf8'))).toBe(false);
  });
});

describe('users bundle', () => {
  it('names only the runtime dependencies it left external', () => {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['@google-cloud/functions-framework', '@google-cloud/secret-manager']);
  });

  it('carries no code the function does not use (no password hashers, not the full zod API)', () => {
    const bundle = readFileSync(join(dir, 'index.js'), 'utf8');
    // Asserted as booleans: a failing match would print the whole bundle. The hashers' code (the embedded
    // settings export names the monolith's hashers, as data): their libraries, or node:crypto's pbkdf2.
    expect(/@node-rs\/|\bpbkdf2\b/.test(bundle), 'password hashers in the users bundle').toBe(false);
    // zod's full API alone bundles to ~450 KB; zod/mini keeps the whole function far below that.
    expect(bundle.length).toBeLessThan(150 * 1024);
  });

  it('has a Dockerfile for a small non-root Node 20 image that starts the minimal entrypoint', () => {
    const dockerfile = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^FROM node:20-slim@sha256:[0-9a-f]{64}$/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^CMD \["node", "main\.js"\]$/m);
    // The image writes the code cache with the Node that will run it (V8 refuses another's), before USER node.
    expect(dockerfile).toMatch(/^COPY index\.js main\.js \.\/\nRUN \["node","main\.js","--write-code-cache"\]\nUSER node$/m);
    expect(dockerfile).toContain('FUNCTION_TARGET=users');
  });

  const start = (env: Record<string, string>) =>
    run(process.execPath, ['main.js'], { cwd: dir, env: { PATH: process.env.PATH!, FUNCTION_TARGET: 'users', ...env }, timeout: 10_000 }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
    );

  it('refuses to start without DATABASE_URL, in one line that says what to do', async () => {
    const { code, stderr } = await start({ SECRET_KEY: 'x', PORT: String(await freePort()) });
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(
      "canopy: DATABASE_URL: DATABASE_URL is not set: point it at the monolith's PostgreSQL (postgres://user:password@host:port/dbname, or postgres://user:password@/dbname?host=/cloudsql/project:region:instance)",
    );
  });

  it('refuses to start without a secret its manifest entry lists (SECRET_KEY), in one line', async () => {
    const { code, stderr } = await start({ DATABASE_URL: 'postgres://u:p@127.0.0.1:9/db', PORT: String(await freePort()) });
    expect(code).toBe(1);
    expect(stderr.trim()).toBe("canopy: SECRET_KEY: SECRET_KEY is not set: use the monolith's Django SECRET_KEY (Secret Manager in production)");
  });

  it('says which port is taken when PORT is in use', async () => {
    const blocker = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const { code, stderr } = await start({ SECRET_KEY: 'x', DATABASE_URL: 'postgres://u:p@127.0.0.1:9/db', PORT: String(port) });
      expect(code).toBe(1);
      expect(stderr.trim()).toBe(`canopy: port ${port} is in use: set PORT to a free port`);
    } finally {
      blocker.close();
    }
  });
});

describe('relay bundle', () => {
  it('names only the runtime dependency it left external: the Pub/Sub client', () => {
    const pkg = JSON.parse(readFileSync(join(RELAY_DIST, 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({ name: 'canopy-relay', main: 'main.js', scripts: { start: 'node main.js' } });
    expect(Object.keys(pkg.dependencies)).toEqual(['@google-cloud/pubsub']);
  });

  it('has a Dockerfile on the functions\' base that starts the relay as main.js', () => {
    const dockerfile = readFileSync(join(RELAY_DIST, 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain(`FROM ${BASE_IMAGE}\n`);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^RUN npm ci /m);
    expect(dockerfile).toMatch(/^COPY main\.js \.\/$/m);
    expect(dockerfile).toMatch(/^CMD \["node", "main\.js"\]$/m);
    expect(dockerfile).not.toContain('FUNCTION_TARGET');
  });

  it('refuses to start with a bad configuration, in one line that says what to do', async () => {
    const start = (env: Record<string, string>) =>
      run(process.execPath, ['main.js'], { cwd: RELAY_DIST, env: { PATH: process.env.PATH!, ...env }, timeout: 10_000 }).then(
        () => ({ code: 0, stderr: '' }),
        (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
      );
    expect(await start({})).toEqual({ code: 1, stderr: "canopy relay: DATABASE_URL: DATABASE_URL is not set: point it at the monolith's PostgreSQL\n" });
    expect(await start({ DATABASE_URL: 'postgres://u:p@127.0.0.1:9/db' })).toEqual({
      code: 1,
      stderr:
        'canopy relay: nowhere to deliver events: set PUBSUB_EMULATOR_HOST (the emulator), GOOGLE_CLOUD_PROJECT (Pub/Sub) or RELAY_PUSH_URL (no Pub/Sub: push to order-events)\n',
    });
  });
});
