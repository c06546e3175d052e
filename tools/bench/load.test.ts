import { createServer, type RequestListener, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../stack/ports.ts';
import { runLoad, type LoadPlan } from './load.ts';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function serve(handler: RequestListener): Promise<string> {
  const port = await freePort();
  server = createServer(handler);
  await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
  return `http://127.0.0.1:${port}`;
}

// Short and bounded: these check counting, never speed.
const base = { concurrency: 4, warmupMs: 50, durationMs: 250, maxRequests: 5000, timeoutMs: 2000 };

describe('runLoad', () => {
  it('counts answers, statuses and non-2xx answers on kept-alive connections', async () => {
    let n = 0;
    const url = await serve((req, res) => {
      res.writeHead(n++ % 2 ? 500 : 200, { 'content-type': 'text/plain' }).end(req.url);
    });
    const result = await runLoad({ ...base, url, requests: [{ method: 'GET', path: '/a' }] } satisfies LoadPlan);
    expect(result.responses).toBeGreaterThan(0);
    expect(result.latenciesMs).toHaveLength(result.responses);
    expect((result.statuses['200'] ?? 0) + (result.statuses['500'] ?? 0)).toBe(result.responses);
    expect(result.non2xx).toBe(result.statuses['500'] ?? 0);
    expect(result.socketErrors).toBe(0);
  });

  it('reconnects without errors when the server closes after every answer, as gunicorn sync workers do', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { connection: 'close', 'content-length': '2' }).end('ok');
    });
    const result = await runLoad({ ...base, url, requests: [{ method: 'POST', path: '/login', body: '{}' }] });
    expect(result.responses).toBeGreaterThan(0);
    expect(result.socketErrors).toBe(0);
    expect(result.non2xx).toBe(0);
  });

  it('counts refused connections as socket errors, apart from non-2xx answers', async () => {
    const result = await runLoad({ ...base, url: `http://127.0.0.1:${await freePort()}`, requests: [{ method: 'GET', path: '/' }] });
    expect(result.responses).toBe(0);
    expect(result.socketErrors).toBeGreaterThan(0);
    expect(Object.keys(result.errors)).toEqual(['ECONNREFUSED']);
  });

  it('stops at the request bound and says so', async () => {
    const url = await serve((_req, res) => res.end('x'));
    const result = await runLoad({ ...base, warmupMs: 0, durationMs: 5000, maxRequests: 20, url, requests: [{ method: 'GET', path: '/' }] });
    expect(result.capped).toBe(true);
    expect(result.responses).toBeLessThanOrEqual(20);
  });
});
