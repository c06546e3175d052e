/**
 * The monolith's origin answers only requests carrying the load balancer's
 * origin token (infra/README.md, "The edge"): a function's bypass and shadow
 * forwards, which go straight to the origin, carry it too when ORIGIN_TOKEN is set.
 */
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import type { Sql } from '../db.ts';
import { toNodeHandler } from '../pipeline/node-adapter.ts';
import type { RouteSpec } from '../routing.ts';
import { ORIGIN_TOKEN_HEADER } from './forward.ts';
import { withRouteModes } from './route-modes.ts';

const ROUTE: RouteSpec = { id: 'orders-create', function: 'orders', pathTemplate: '/api/orders/', methods: ['POST'], stage: 'off', weight: 0, shadowUnsafe: 'skip', parity: {} };
const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** What the monolith received from a function in `mode` whose origin token is `originToken`. */
async function forwarded(mode: 'bypass' | 'shadow', originToken: string | null): Promise<IncomingHttpHeaders> {
  let received: IncomingHttpHeaders = {};
  const monolithUrl = await listen(
    createServer((req, res) => {
      received = req.headers;
      req.resume();
      res.writeHead(201, { 'content-type': 'application/json' }).end('{}');
    }),
  );
  const handler = withRouteModes(async () => ({ status: 500, headers: [], body: Buffer.alloc(0) }), {
    routes: [ROUTE],
    store: { modeFor: () => mode, loaded: Promise.resolve(), stop: () => {} },
    sql: null as unknown as Sql, // bypass and an unsafe shadow with shadowUnsafe 'skip' touch no database
    monolithUrl,
    originToken,
    record: async () => {},
    noiseSample: 0,
  });
  const fn = await listen(createServer(toNodeHandler(handler, 10_000)));
  const status = await new Promise<number>((resolve, reject) => {
    const req = request(`${fn}/api/orders/`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end('{}');
  });
  expect(status).toBe(201);
  return received;
}

it.each(['bypass', 'shadow'] as const)('%s: the forward carries the origin token when the function has one', async (mode) => {
  expect((await forwarded(mode, 'a'.repeat(64)))[ORIGIN_TOKEN_HEADER]).toBe('a'.repeat(64));
});

it.each(['bypass', 'shadow'] as const)('%s: no token, no header (the local stack and tests)', async (mode) => {
  expect((await forwarded(mode, null))[ORIGIN_TOKEN_HEADER]).toBeUndefined();
});
