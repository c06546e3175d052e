/**
 * The local stack's page under /_canopy/ in a real browser (Debian's
 * chromium): it loads on the load balancer's port, its figures move with
 * traffic, it shows a recorded difference with copy-as-curl, and its kill
 * switch sends a route back to the monolith within 5 s (the function still
 * answers, X-Canopy-Backend says so, but the answer is gunicorn's).
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODE_REFRESH_MS } from '../../shared/modes/store.ts';
import { buildFunction, DIST } from '../../tools/build.ts';
import { createDashboard } from '../../tools/dashboard/server.ts';
import { loadManifest } from '../../tools/manifest.ts';
import { setMode } from '../../tools/modes.ts';
import { DEFAULT_GATES } from '../../tools/rollout/gates.ts';
import { evaluateRoute } from '../../tools/rollout/step.ts';
import { startFunction } from '../../tools/stack/functions.ts';
import { BACKEND_HEADER, startLoadBalancer } from '../../tools/stack/load-balancer.ts';
import { DEV_SECRET_KEY } from '../../tools/stack/monolith.ts';
import { observationSink } from '../../tools/stack/observations.ts';
import { freePort } from '../../tools/stack/ports.ts';
import type { Service } from '../../tools/stack/processes.ts';
import { send } from '../support/http.ts';
import { startWorld, type World } from '../support/world.ts';
import { eventually, manifestCopy, openBrowser } from './support.ts';
import { SEED_TOKENS, tokenHeader } from '../../tools/seed-credentials.ts';

let world: World;
let planted: Service;
let lb: Server;
let lbUrl: string;
let sink: ReturnType<typeof observationSink>;
let browser: Awaited<ReturnType<typeof openBrowser>>;
let page: Page;
const plantedDir = join(DIST, '..', 'fixtures', `planted-users-dashboard-${process.pid}`);
const manifest = manifestCopy({ 'users-me': { stage: 'shadow', weight: 1000 } });
const asAlice = tokenHeader('alice');
// This run's dashboard token, as npm start prints it in the dashboard's link.
const token = randomBytes(24).toString('base64url');

const SCREENSHOT = join(tmpdir(), `canopy-dashboard-${process.pid}.png`);

const cell = (route: string, selector: string) => page.locator(`#routes tr[data-route="${route}"] ${selector}`);

beforeAll(async () => {
  world = await startWorld([]);
  // The users function with a planted difference on /api/users/me/ (its /api/users/{id}/ is the real one).
  await buildFunction('users', 'test/fixtures/planted-users/index.ts', undefined, plantedDir);
  planted = await startFunction('users', { databaseUrl: world.databaseUrl, secretKey: DEV_SECRET_KEY, extra: { MONOLITH_URL: world.monolith.url } }, { port: await freePort(), dir: plantedDir });
  const port = await freePort();
  lbUrl = `http://127.0.0.1:${port}`;
  const routes = loadManifest(manifest.path);
  sink = observationSink(world.sql);
  const dashboard = createDashboard({ sql: world.sql, manifest: () => routes, baseUrl: lbUrl, token });
  lb = await startLoadBalancer(() => routes, { monolith: world.monolith.url, functions: { users: planted.url } }, port, sink.observe, dashboard);
  await setMode(world.sql, 'users-me', 'shadow', 'stage shadow');
  await setMode(world.sql, 'users-detail', 'serve', 'stage live');
  await new Promise((r) => setTimeout(r, MODE_REFRESH_MS + 500));
  browser = await openBrowser();
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
  lb?.close();
  await sink?.stop();
  await planted?.stop();
  await world?.stop();
  manifest.remove();
  rmSync(plantedDir, { recursive: true, force: true });
});

describe('the dashboard', () => {
  it('loads under /_canopy/ on the load balancer\'s port with every route, its stage and weight', async () => {
    const res = await page.goto(`${lbUrl}/_canopy/#token=${token}`);
    expect(res?.status()).toBe(200);
    await cell('users-me', 'td.stage').waitFor();
    expect(await cell('users-me', 'td.stage').textContent()).toBe('shadow (1000/1000)');
    expect(await cell('users-detail', 'td.stage').textContent()).toBe('live (1000/1000)');
    expect(await cell('users-me', 'td.mode').textContent()).toContain('shadow');
    expect(await page.locator('#status').textContent()).toMatch(/^updated /);
    // The monolith never sees the dashboard's paths; /_canopy itself redirects.
    expect((await send(lbUrl, { path: '/_canopy' })).headers.location).toEqual(['/_canopy/']);
  });

  it('shows live figures: requests, parity, percentiles per backend and the difference with copy-as-curl', async () => {
    const before = Number(await cell('users-detail', 'td.requests').textContent());
    for (let i = 0; i < 20; i++) {
      expect((await send(lbUrl, { path: '/api/users/1/', headers: asAlice })).status).toBe(200);
      expect((await send(lbUrl, { path: '/api/users/me/', headers: asAlice })).status).toBe(200);
    }
    // The load balancer's sink writes every second and the page polls every second.
    const moved = await eventually(async () => Number(await cell('users-detail', 'td.requests').textContent()) >= before + 20, 15_000);
    expect(moved, 'the request count moved with the traffic').toBe(true);
    expect(await cell('users-detail', 'tr[data-backend="users"] .n').textContent()).toBe(String(before + 20));
    expect(Number(await cell('users-detail', 'tr[data-backend="users"] .p50').textContent())).toBeGreaterThan(0);
    expect(Number(await cell('users-detail', 'tr[data-backend="users"] .p99').textContent())).toBeGreaterThan(0);

    expect(await eventually(async () => (await cell('users-me', 'td.parity').textContent())!.includes('of 20 agreed'), 15_000)).toBe(true);
    expect(await cell('users-me', 'td.parity').textContent()).toMatch(/^0\.0 %0 of 20 agreed$/);
    expect(Number(await cell('users-me', 'td.shadow tr[data-backend="function"] .p50').textContent())).toBeGreaterThan(0);
    const difference = page.locator('#differences .difference[data-route="users-me"]').first();
    await difference.waitFor();
    expect(await difference.locator('td.path').allTextContents()).toContain('body.email');
    const curl = await difference.locator('pre.curl').textContent();
    expect(curl).toContain(`curl --globoff '${lbUrl}/api/users/me/'`);
    expect(curl).toContain("'authorization: Token [redacted]'");
    expect(curl).not.toContain(SEED_TOKENS.alice);
  });

  it('draws each route\'s last 15 minutes per backend, the gates\' verdicts with their reasons as the rollout tool judges them, and the function\'s share', async () => {
    const detail = page.locator('#routes tr[data-charts="users-detail"]');
    for (const name of ['requests per second', '5xx share', 'p50 latency', 'p99 latency']) {
      const line = detail.locator(`figure[data-chart="${name}"] polyline[data-backend="users"]`);
      await line.waitFor({ state: 'attached' }); // one bucket so far: a line of one point, drawn as its dot
      const points = (await line.getAttribute('points'))!.trim().split(' ').map((xy) => xy.split(',').map(Number));
      expect(points.length, name).toBeGreaterThan(0);
      // Inside the chart: x within the window, y within its height.
      for (const [x, y] of points) expect(x! >= 0 && x! <= 230 && y! >= 0 && y! <= 70, `${name}: ${x},${y}`).toBe(true);
    }
    expect(await detail.locator('figure[data-chart="requests per second"] figcaption').textContent()).toMatch(/^requests per second · max \d+\.\d\/s$/);

    const routes = loadManifest(manifest.path);
    for (const id of ['users-me', 'users-detail']) {
      const judged = await evaluateRoute(world.sql, routes.routes.find((r) => r.id === id)!, { windowSeconds: 15 * 60, gates: DEFAULT_GATES });
      expect(judged.gates.length).toBe(3);
      // The page polls every second; the figures may move by a request or two in between, the verdicts and gates do not.
      expect(await cell(id, 'td.gates .verdict').textContent()).toBe(judged.verdict);
      for (const gate of judged.gates) {
        expect(await cell(id, `td.gates [data-gate="${gate.gate}"] > span`).textContent()).toBe(`${gate.gate}: ${gate.verdict}`);
        expect(await cell(id, `td.gates [data-gate="${gate.gate}"] .detail`).textContent()).not.toBe('');
      }
    }
    expect(await cell('users-detail', 'td.gates [data-gate="errors"] .detail').textContent()).toMatch(/request/);
    expect(await cell('users-detail', 'td.cohort').textContent()).toMatch(/^100\.0 % of requests to the function/);
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.locator('#routes').screenshot({ path: SCREENSHOT });
    console.log(`dashboard screenshot: ${SCREENSHOT}`);
  });

  it('flips the kill switch: within 5 s the route is answered by the monolith through the function, and back on undo', async () => {
    const viaFunction = await send(lbUrl, { path: '/api/users/1/', headers: asAlice });
    expect(viaFunction.headers[BACKEND_HEADER]).toEqual(['users']);
    expect(viaFunction.headers.server).toBeUndefined();

    await cell('users-detail', 'button[data-action="kill"]').click();
    const bypassed = async () => {
      const res = await send(lbUrl, { path: '/api/users/1/', headers: asAlice });
      return res.headers[BACKEND_HEADER]?.[0] === 'users' && res.headers.server?.[0] === 'gunicorn' && res.status === 200;
    };
    expect(await eventually(bypassed, 5000), 'answered by gunicorn within 5 s').toBe(true);
    await cell('users-detail', 'button[data-action="undo"]').waitFor();
    expect(await cell('users-detail', 'td.mode').textContent()).toContain('bypass');
    const [stored] = await world.sql<{ mode: string; reason: string }[]>`select mode, reason from canopy.route_modes where route_id = 'users-detail'`;
    expect(stored).toEqual({ mode: 'bypass', reason: 'kill switch: dashboard' });

    await cell('users-detail', 'button[data-action="undo"]').click();
    const served = async () => (await send(lbUrl, { path: '/api/users/1/', headers: asAlice })).headers.server === undefined;
    expect(await eventually(served, 5000), 'served by the function again within 5 s').toBe(true);
    await cell('users-detail', 'button[data-action="kill"]').waitFor();
  });

  it('refuses a kill switch from another origin or without JSON', async () => {
    const body = JSON.stringify({ on: true });
    const foreign = await send(lbUrl, { method: 'POST', path: '/_canopy/routes/users-detail/kill-switch', headers: { 'Content-Type': 'application/json', Origin: 'http://evil.example', 'X-Canopy-Token': token }, body });
    expect(foreign.status).toBe(403);
    const form = await send(lbUrl, { method: 'POST', path: '/_canopy/routes/users-detail/kill-switch', headers: { 'Content-Type': 'text/plain', 'X-Canopy-Token': token }, body });
    expect(form.status).toBe(403);
    const [stored] = await world.sql<{ mode: string }[]>`select mode from canopy.route_modes where route_id = 'users-detail'`;
    expect(stored!.mode).toBe('serve');
  });

  it('refuses a change without this run\'s token, even same-origin JSON', async () => {
    const kill = (headers: Record<string, string>) =>
      send(lbUrl, { method: 'POST', path: '/_canopy/routes/users-detail/kill-switch', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify({ on: true }) });
    const attempts: Array<Record<string, string>> = [{}, { 'X-Canopy-Token': 'guessed' }, { 'X-Canopy-Token': `${token}x` }, { Origin: lbUrl }];
    for (const headers of attempts) {
      const res = await kill(headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(JSON.parse(res.body.toString()).error).toMatch(/token/);
    }
    const [stored] = await world.sql<{ mode: string }[]>`select mode from canopy.route_modes where route_id = 'users-detail'`;
    expect(stored!.mode).toBe('serve');
  });

  it('answers only loopback host names (DNS rebinding): another Host gets nothing, not even the figures', async () => {
    const port = new URL(lbUrl).port;
    const rebound = { Host: `rebind.example:${port}` };
    for (const path of ['/_canopy/', '/_canopy/state']) {
      const res = await send(lbUrl, { path, headers: rebound });
      expect(res.status, path).toBe(403);
      expect(res.body.toString()).not.toContain('users-detail');
    }
    const flip = await send(lbUrl, { method: 'POST', path: '/_canopy/routes/users-detail/kill-switch', headers: { ...rebound, 'Content-Type': 'application/json', 'X-Canopy-Token': token }, body: JSON.stringify({ on: true }) });
    expect(flip.status).toBe(403);
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`]) {
      expect((await send(lbUrl, { path: '/_canopy/state', headers: { Host: host } })).status, host).toBe(200);
    }
    for (const host of ['localhost', `localhost:${Number(port) + 1}`, `127.0.0.2:${port}`, `localhost.rebind.example:${port}`]) {
      expect((await send(lbUrl, { path: '/_canopy/state', headers: { Host: host } })).status, host).toBe(403);
    }
    const [stored] = await world.sql<{ mode: string }[]>`select mode from canopy.route_modes where route_id = 'users-detail'`;
    expect(stored!.mode).toBe('serve');
  });
});
