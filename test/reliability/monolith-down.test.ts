/**
 * The monolith down: migrated routes keep serving through their functions;
 * everything else gets a clear 502 from the load balancer; a route under the
 * kill switch answers a clean 503 in the monolith's error format.
 */
import type { Server } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadManifest } from '../../tools/manifest.ts';
import { setMode } from '../../tools/modes.ts';
import { createRouter } from '../../tools/stack/load-balancer.ts';
import { send } from '../support/http.ts';
import { loadBalancerFor } from '../support/load-balancer.ts';
import { startWorld, type World } from '../support/world.ts';
import { tokenHeader } from '../../tools/seed-credentials.ts';

const TOKEN = tokenHeader('alice');
/** A path the monolith serves and no function is routed for. */
const UNMIGRATED = '/api/reports/orders-summary/';
let world: World;
let lb: Server;
let lbUrl: string;

beforeAll(async () => {
  world = await startWorld(['users']);
  ({ server: lb, url: lbUrl } = await loadBalancerFor(world));
});
afterAll(async () => {
  lb?.close();
  await world?.stop();
});

it('keeps migrated routes serving when the monolith is down, and says so clearly for the rest', async () => {
  await world.monolith.stop();
  const migrated = await send(lbUrl, { path: '/api/users/me/', headers: TOKEN });
  const other = await send(lbUrl, { path: UNMIGRATED, headers: TOKEN });
  console.log(`monolith down: /api/users/me/ -> ${migrated.status} via ${migrated.headers['x-canopy-backend']}; ${UNMIGRATED} -> ${other.status} "${other.body.toString().trim()}"`);
  expect(migrated.status).toBe(200);
  expect(JSON.parse(migrated.body.toString()).username).toBe('alice');
  expect(createRouter(loadManifest())({ path: UNMIGRATED, method: 'GET', headers: {} }).route).toBeNull();
  expect(other.status).toBe(502);
  expect(other.body.toString()).toContain('backend "monolith" is not reachable');

  await setMode(world.sql, 'users-me', 'bypass', 'kill switch: reliability test');
  await new Promise((r) => setTimeout(r, 2500));
  const bypassed = await send(lbUrl, { path: '/api/users/me/', headers: TOKEN });
  console.log(`kill switch on with the monolith down: ${bypassed.status} ${bypassed.body.toString()}`);
  expect(bypassed.status).toBe(503);
  expect(JSON.parse(bypassed.body.toString())).toEqual({ detail: 'Service temporarily unavailable, try again later.' });
});
