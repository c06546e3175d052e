/**
 * `npm run parity`'s pieces against a live world: a generated sample
 * replayed through shadow mode to the users function with a planted
 * difference, the report summarised (agreement after noise, top differing
 * paths, examples with curl, latencies) and its HTML rendered in chromium.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFunction, DIST } from '../../tools/build.ts';
import { loadManifest } from '../../tools/manifest.ts';
import { parseAccessLog } from '../../tools/parity/access-log.ts';
import { generateTraffic } from '../../tools/parity/generate.ts';
import { parityReportHtml } from '../../tools/parity/html.ts';
import { runParity, type ParityRun } from '../../tools/parity/run.ts';
import { summarizeRun, type RouteSummary } from '../../tools/parity/summarize.ts';
import { startFunction } from '../../tools/stack/functions.ts';
import { DEV_SECRET_KEY } from '../../tools/stack/monolith.ts';
import { freePort } from '../../tools/stack/ports.ts';
import type { Service } from '../../tools/stack/processes.ts';
import { startWorld, type World } from '../support/world.ts';
import { openBrowser } from './support.ts';

let world: World;
let planted: Service;
let run: ParityRun;
let summaries: RouteSummary[];
const notes: string[] = [];
const plantedDir = join(DIST, '..', 'fixtures', `planted-users-parity-${process.pid}`);
const scratch = mkdtempSync(join(tmpdir(), 'canopy-parity-report-'));
const manifest = loadManifest();
const sample = generateTraffic(manifest, 150, 7, ['users-me', 'users-detail']);

beforeAll(async () => {
  world = await startWorld([]);
  await buildFunction('users', 'test/fixtures/planted-users/index.ts', undefined, plantedDir);
  planted = await startFunction('users', { databaseUrl: world.databaseUrl, secretKey: DEV_SECRET_KEY, extra: { MONOLITH_URL: world.monolith.url } }, { port: await freePort(), dir: plantedDir });
  run = await runParity({ sql: world.sql, manifest, functions: { users: planted.url }, entries: sample, concurrency: 4, note: (line) => notes.push(line) });
  summaries = summarizeRun(run.rows, 'http://127.0.0.1:8080');
});

afterAll(async () => {
  await planted?.stop();
  await world?.stop();
  rmSync(plantedDir, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

describe('a parity run', () => {
  it('shadows every request of the sample and records a verdict for each', () => {
    expect(notes).toEqual([]);
    expect(run.failed).toBe(0);
    expect(run.sent['users-me']! + run.sent['users-detail']!).toBe(sample.length);
    expect(run.rows).toHaveLength(sample.length);
  });

  it('catches the planted difference, and only where it is', () => {
    const me = summaries.find((s) => s.route === 'users-me')!;
    const detail = summaries.find((s) => s.route === 'users-detail')!;
    // Authenticated GETs of /me/ carry the email; anonymous ones (403) and HEAD/OPTIONS answers do not.
    const withEmail = sample.filter((e) => e.path === '/api/users/me/' && e.method === 'GET' && e.headers.Authorization).length;
    expect(me.n - me.agreed).toBe(withEmail);
    expect(me.topPaths[0]).toEqual({ path: 'body.email', count: withEmail });
    expect(detail.agreed).toBe(detail.n);
    expect(detail.topPaths).toEqual([]);
    // Examples come in the order verdicts were recorded (concurrent requests): any authenticated /me/.
    const example = me.examples[0]!;
    const email = example.differences.find((d) => d.path === 'body.email')!;
    expect(email.a).toMatch(/^"(alice|bob|admin)@example\.com"$/);
    expect(email.b).toBe(email.a!.toUpperCase());
    // The request as sent, secrets redacted, without the run's marker header.
    expect(example.curl).toBe("curl --globoff 'http://127.0.0.1:8080/api/users/me/' -H 'accept: application/json' -H 'authorization: Token [redacted]' -H 'user-agent:'");
    expect(me.monolith.n).toBe(me.n);
    expect(me.fn.p50).toBeGreaterThan(0);
  });

  it('restores the modes it changed', async () => {
    const rows = await world.sql<{ route_id: string; mode: string }[]>`select route_id, mode from canopy.route_modes order by route_id`;
    expect(rows).toEqual([
      { route_id: 'users-detail', mode: 'serve' },
      { route_id: 'users-me', mode: 'serve' },
    ]);
  });

  it('replays what the monolith\'s access log recorded', () => {
    const logged = parseAccessLog(world.monolith.output());
    expect(logged.length).toBeGreaterThan(0);
    expect(logged).toContainEqual(expect.objectContaining({ method: 'GET', path: '/api/users/me/', status: 200 }));
    expect(logged.every((l) => l.responseMs >= 0)).toBe(true);
  });

  it('renders a report that loads in chromium with its figures', async () => {
    const path = join(scratch, 'parity.html');
    writeFileSync(path, parityReportHtml(summaries, { generatedAt: new Date(), source: 'generated: 150 requests, seed 7', target: 'a test world', sent: sample.length, failed: 0, notes: [] }));
    const browser = await openBrowser();
    try {
      const { page } = browser;
      await page.goto(`file://${path}`);
      expect(await page.title()).toBe('Canopy parity report');
      const me = summaries.find((s) => s.route === 'users-me')!;
      expect(await page.locator('table.summary tr[data-route="users-me"] .agreement').textContent()).toBe(`${((100 * me.agreed) / me.n).toFixed(1)} %`);
      expect(await page.locator('table.summary tr[data-route="users-detail"] .agreement').textContent()).toBe('100.0 %');
      for (const route of ['users-me', 'users-detail']) {
        const plot = page.locator(`section[data-route="${route}"] figure svg`);
        expect(await plot.locator('polyline.series').count()).toBe(2);
        const box = await plot.boundingBox();
        expect(box!.width).toBeGreaterThan(300);
      }
      expect(await page.locator('section[data-route="users-me"] table.paths code').first().textContent()).toBe('body.email');
      expect(await page.locator('section[data-route="users-me"] pre.curl').first().textContent()).toContain('/api/users/me/');
    } finally {
      await browser.close();
    }
  });
});
