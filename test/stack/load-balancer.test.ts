/**
 * The local load balancer in front of the real monolith and function:
 * manifest routes to the function, everything else to the monolith, with the
 * backend named in a response header.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadManifest, type Manifest } from '../../tools/manifest.ts';
import { BACKEND_HEADER, createRouter, startLoadBalancer } from '../../tools/stack/load-balancer.ts';
import { freePort } from '../../tools/stack/ports.ts';
import { send } from '../support/http.ts';
import { capturingLoadBalancer, loadBalancerFor } from '../support/load-balancer.ts';
import { startWorld, type World } from '../support/world.ts';

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

describe('local load balancer', () => {
  it('serves a migrated route through its function', async () => {
    const res = await send(lbUrl, { path: '/api/users/me/' });
    expect(res.headers[BACKEND_HEADER]).toEqual(['users']);
    expect(res.status).toBe(403);
  });

  it('serves everything else through the monolith (the default service)', async () => {
    const res = await send(lbUrl, { path: '/admin/login/' });
    expect(res.headers[BACKEND_HEADER]).toEqual(['monolith']);
    expect(res.status).toBe(200);
    expect(res.body.toString()).toContain('Django');
  });

  it('sends a path the route template does not match to the monolith', async () => {
    const res = await send(lbUrl, { path: '/api/users/me' });
    expect(res.headers[BACKEND_HEADER]).toEqual(['monolith']);
    expect(res.status).toBe(301);
  });

  it('answers 502 naming the backend when it is down', async () => {
    const port = await freePort();
    const down = await startLoadBalancer(loadManifest(), { monolith: 'http://127.0.0.1:9', functions: {} }, port);
    try {
      const res = await send(`http://127.0.0.1:${port}`, { path: '/api/users/me/' });
      expect(res.status).toBe(502);
      expect(res.body.toString()).toContain('backend "users" is not reachable');
    } finally {
      down.close();
    }
  });
});

describe('weighted routing', () => {
  const withStage = (stage: 'canary' | 'off', weight: number): Manifest => {
    const manifest = loadManifest();
    manifest.routes = manifest.routes.map((r) => ({ ...r, stage, weight }));
    return manifest;
  };

  it('splits a canary route by its weight out of 1000', () => {
    const route = createRouter(withStage('canary', 250));
    const toFunction = Array.from({ length: 4000 }, () => route({ path: '/api/users/me/', method: 'GET', headers: {} }).backend).filter((b) => b === 'users').length;
    // 1000 of 4000 expected; 5 standard deviations (~137) either way.
    expect(toFunction).toBeGreaterThan(1000 - 140);
    expect(toFunction).toBeLessThan(1000 + 140);
  });

  it('never sends an "off" route or weight 0 to the function', () => {
    for (const manifest of [withStage('off', 0), withStage('canary', 0)]) {
      const route = createRouter(manifest);
      expect(new Set(Array.from({ length: 200 }, () => route({ path: '/api/users/me/', method: 'GET', headers: {} }).backend))).toEqual(new Set(['monolith']));
    }
  });
});

describe('method matching, as the URL map matches :method (one match rule per listed method)', () => {
  it('a method a route does not list goes to the default service, the monolith', () => {
    const route = createRouter(loadManifest());
    expect(route({ path: '/api/users/me/', method: 'GET', headers: {} })).toMatchObject({ backend: 'users', route: 'users-me' });
    expect(route({ path: '/api/auth/login/', method: 'POST', headers: {} })).toMatchObject({ backend: 'identity', route: 'auth-login' });
    for (const [path, method] of [['/api/users/me/', 'DELETE'], ['/api/users/7/', 'PUT'], ['/api/auth/login/', 'GET'], ['/api/orders/7/', 'PATCH'], ['/api/users/me/', 'get']]) {
      expect(route({ path: path!, method: method!, headers: {} }), `${method} ${path}`).toMatchObject({ backend: 'monolith', route: null });
    }
  });

  it('passes over a rule whose path matches but whose methods do not, to the next rule in priority order', () => {
    const manifest = loadManifest();
    const template = manifest.routes.find((r) => r.id === 'users-me')!;
    manifest.routes = [
      { ...template, id: 'me-writes', function: 'identity', methods: ['POST'] },
      { ...template, id: 'me-reads', methods: ['GET'] },
    ];
    const route = createRouter(manifest);
    expect(route({ path: '/api/users/me/', method: 'POST', headers: {} })).toMatchObject({ backend: 'identity', route: 'me-writes' });
    expect(route({ path: '/api/users/me/', method: 'GET', headers: {} })).toMatchObject({ backend: 'users', route: 'me-reads' });
    expect(route({ path: '/api/users/me/', method: 'HEAD', headers: {} })).toMatchObject({ backend: 'monolith', route: null });
  });

  it('through the running load balancer: DELETE on a migrated path is answered by Django', async () => {
    const res = await send(lbUrl, { method: 'DELETE', path: '/api/users/me/' });
    expect(res.headers[BACKEND_HEADER]).toEqual(['monolith']);
    expect(res.headers.server).toEqual([expect.stringMatching(/^gunicorn/)]);
  });
});

describe('request headers Google\'s load balancer adds', () => {
  it('appends the client to X-Forwarded-For, sets X-Forwarded-Proto, and adds X-Cloud-Trace-Context unless sent', async () => {
    const capture = await capturingLoadBalancer(loadManifest());
    const { seen } = capture;
    try {
      await send(capture.url, { path: '/anything/' });
      await send(capture.url, { path: '/api/users/me/', headers: { 'X-Forwarded-For': '203.0.113.9', 'X-Cloud-Trace-Context': '105445aa7843bc8bf206b12000100000/1;o=1' } });
    } finally {
      capture.close();
    }
    expect(seen[0]).toMatchObject({ 'x-forwarded-for': '127.0.0.1', 'x-forwarded-proto': 'http' });
    expect(seen[0]!['x-cloud-trace-context']).toMatch(/^[0-9a-f]{32}\/\d+;o=1$/);
    expect(seen[1]).toMatchObject({ 'x-forwarded-for': '203.0.113.9, 127.0.0.1', 'x-cloud-trace-context': '105445aa7843bc8bf206b12000100000/1;o=1' });
  });
});

describe('hop-by-hop headers', () => {
  it('are dropped both ways: the standard ones and those the Connection header names', async () => {
    const seen: Array<Record<string, string | string[] | undefined>> = [];
    const backend = createServer((req, res) => {
      seen.push(req.headers);
      res.setHeader('Connection', 'keep-alive, X-Backend-Hop');
      res.setHeader('X-Backend-Hop', 'for the load balancer only');
      res.setHeader('Keep-Alive', 'timeout=99');
      res.setHeader('Proxy-Authenticate', 'Basic realm="backend"');
      res.end('ok');
    });
    await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r));
    const backendUrl = `http://127.0.0.1:${(backend.address() as { port: number }).port}`;
    const port = await freePort();
    const lbLocal = await startLoadBalancer(loadManifest(), { monolith: backendUrl, functions: { users: backendUrl } }, port);
    let res;
    try {
      res = await send(`http://127.0.0.1:${port}`, {
        path: '/api/users/me/',
        headers: { Connection: 'keep-alive, X-Client-Hop', 'X-Client-Hop': 'for the load balancer only', 'Keep-Alive': 'timeout=42', TE: 'trailers', 'Proxy-Authorization': 'Basic YTpi', 'X-End-To-End': 'kept' },
      });
    } finally {
      lbLocal.close();
      backend.close();
    }
    const forwarded = seen[0]!;
    expect(forwarded['x-end-to-end']).toBe('kept');
    for (const name of ['x-client-hop', 'te', 'proxy-authorization']) expect(forwarded[name], name).toBeUndefined();
    expect(forwarded['keep-alive']).not.toBe('timeout=42');
    expect(forwarded.connection ?? '').not.toMatch(/x-client-hop/i);
    expect(res.body.toString()).toBe('ok');
    for (const name of ['x-backend-hop', 'proxy-authenticate']) expect(res.headers[name], name).toBeUndefined();
    expect(res.headers['keep-alive'] ?? []).not.toContain('timeout=99');
    expect((res.headers.connection ?? []).join()).not.toMatch(/x-backend-hop/i);
  });
});
