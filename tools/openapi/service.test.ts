/**
 * The production docs service as its container runs it: `npm run build`'s
 * folder (built here into a temp folder from a fixed manifest), `node main.js`
 * on PORT. It serves the very files and Content-Security-Policy the local
 * stack serves (docsSite), and stops with one line when a file is missing.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDocsService } from '../build.ts';
import { extendedManifest } from '../infra-check/test-manifests.ts';
import { freePort } from '../stack/ports.ts';
import { diskName, DOCS_CSP, DOCS_FILES, DOCS_PREFIX, type DocsFileName } from './serve.ts';
import { docsSite } from './site.ts';

const { manifest } = extendedManifest([]);
let dir = '';
let server: ChildProcess | null = null;
let base = '';

/** Starts `node main.js` in folder; resolves with its first line of output. */
function start(folder: string, port: number): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(process.execPath, ['main.js'], { cwd: folder, env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('\n')) resolve({ child, line: output.split('\n')[0]! });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', () => resolve({ child, line: output.trim() }));
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'canopy-docs-service-'));
  await buildDocsService(dir, manifest);
  const port = await freePort();
  const started = await start(dir, port);
  server = started.child;
  expect(started.line).toBe(`canopy docs: serving the API reference on port ${port}`);
  base = `http://127.0.0.1:${port}`;
}, 120_000);

afterAll(() => {
  server?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

describe('the docs service', () => {
  it.each(Object.keys(DOCS_FILES) as DocsFileName[])('serves "%s" as the local stack does: same bytes, type and policy', async (name) => {
    const res = await fetch(`${base}${DOCS_PREFIX}${name}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(DOCS_FILES[name]);
    expect(res.headers.get('content-security-policy')).toBe(DOCS_CSP);
    expect(Buffer.from(await res.arrayBuffer()).equals(docsSite(manifest)[name])).toBe(true);
  });

  it('puts the same policy in the page, so a copy of the page elsewhere keeps it', () => {
    expect(docsSite(manifest)[''].toString()).toContain(`<meta http-equiv="Content-Security-Policy" content="${DOCS_CSP}">`);
  });

  it('redirects the bare prefix, refuses writes, and has nothing else', async () => {
    const bare = await fetch(`${base}${DOCS_PREFIX.slice(0, -1)}`, { redirect: 'manual' });
    expect([bare.status, bare.headers.get('location')]).toEqual([301, DOCS_PREFIX]);
    const post = await fetch(`${base}${DOCS_PREFIX}openapi.json`, { method: 'POST', body: '{}' });
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
    for (const path of [`${DOCS_PREFIX}index.html`, `${DOCS_PREFIX}../package.json`, `${DOCS_PREFIX}main.js`, '/api/users/me/', '/']) {
      expect((await fetch(`${base}${path}`)).status, path).toBe(404);
    }
  });

  it('answers HEAD with the length and no body', async () => {
    const res = await fetch(`${base}${DOCS_PREFIX}openapi.json`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('content-length'))).toBe(docsSite(manifest)['openapi.json'].length);
    expect(await res.text()).toBe('');
  });

  it('is an image folder of its own: no runtime dependencies, the site\'s files copied beside main.js', () => {
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))).toMatchObject({ name: 'canopy-docs', dependencies: {} });
    const dockerfile = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain(`COPY main.js ${(Object.keys(DOCS_FILES) as DocsFileName[]).map(diskName).join(' ')} ./`);
    expect(dockerfile).toContain('CMD ["node", "main.js"]');
  });

  it('stops with one line naming the missing file and what to run', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'canopy-docs-broken-'));
    try {
      await buildDocsService(broken, manifest);
      rmSync(join(broken, 'openapi.json'));
      // Bounded: a server that started anyway would never exit.
      const run = spawnSync(process.execPath, ['main.js'], { cwd: broken, env: { ...process.env, PORT: String(await freePort()) }, encoding: 'utf8', timeout: 30_000 });
      expect([run.status, run.stdout, run.stderr]).toEqual([1, '', 'canopy docs: openapi.json is missing beside main.js: build the image folder with npm run build\n']);
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });
});
