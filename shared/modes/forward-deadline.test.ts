import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import type { Sql } from '../db.ts';
import { toNodeHandler } from '../pipeline/node-adapter.ts';
import type { RouteSpec } from '../routing.ts';
import { withRouteModes } from './route-modes.ts';

const ROUTE: RouteSpec = { id: 'orders-create', function: 'orders', pathTemplate: '/api/orders/', methods: ['POST'], stage: 'off', weight: 0, shadowUnsafe: 'skip', parity: {} };
const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function post(base: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}/api/orders/`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end('{"site": 1, "product": "diesel", "quantity": "100.000"}');
  });
}

/**
 * A monolith slower than the request deadline: when the client gets its 503, the function must
 * already have given up the forward (its connection to the monolith closed), not still be
 * waiting for the write to finish, and so leave a window where the client retries while the
 * first attempt is still being answered.
 */
it.each(['bypass', 'shadow'] as const)('%s: the forward to a slow monolith ends inside the request deadline', async (mode) => {
  let received: IncomingMessage | null = null;
  let forwardClosed!: Promise<void>;
  const monolithUrl = await listen(
    createServer((req) => {
      received = req;
      req.resume();
      forwardClosed = new Promise((resolve) => req.socket.on('close', resolve));
    }),
  );
  const handler = withRouteModes(async () => ({ status: 500, headers: [], body: Buffer.alloc(0) }), {
    routes: [ROUTE],
    store: { modeFor: () => mode, loaded: Promise.resolve(), stop: () => {} },
    sql: null as unknown as Sql, // bypass and an unsafe shadow with shadowUnsafe 'skip' touch no database
    monolithUrl,
    record: async () => {},
    noiseSample: 0,
  });
  const fn = await listen(createServer(toNodeHandler(handler, 3000)));
  expect(await post(fn)).toBe(503);
  expect(received, 'the monolith got the request').not.toBeNull();
  // The function gave the forward up before it answered; the old 30 s forward timeout outlives this test's 15 s.
  await forwardClosed;
}, 15_000);
