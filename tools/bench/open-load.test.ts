import { createServer, type RequestListener, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../stack/ports.ts';
import { ALICE } from './credentials.ts';
import { runOpenLoad } from './open-load.ts';
import { runOpenLoadOnThread } from './open-load-thread.ts';
import { MIXED, mixSequence } from './scenarios.ts';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function serve(handler: RequestListener): Promise<string> {
  const port = await freePort();
  server = createServer(handler);
  await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
  return `http://127.0.0.1:${port}`;
}

// Short and bounded: these check counting, never speed.
const base = { ratePerSecond: 200, warmupMs: 50, durationMs: 250, maxInFlight: 64, timeoutMs: 1000 };

describe('runOpenLoad', () => {
  it('sends at the offered rate and counts every window arrival, per label and per group', async () => {
    const url = await serve((req, res) => res.writeHead(req.url === '/b' ? 503 : 200).end('x'));
    const result = await runOpenLoad({
      ...base,
      url,
      requests: [
        { label: 'a', group: 'g', spec: { method: 'GET', path: '/a' } },
        { label: 'b', spec: { method: 'GET', path: '/b' } },
      ],
    });
    // 200/s over 250 ms: about 50 arrivals, whatever the server does.
    expect(result.arrivals).toBeGreaterThanOrEqual(45);
    expect(result.arrivals).toBeLessThanOrEqual(55);
    expect(result.all.responses + result.all.socketErrors).toBe(result.arrivals);
    expect(result.byLabel.a!.responses + result.byLabel.b!.responses).toBe(result.all.responses);
    expect(result.byLabel.b!.non2xx).toBe(result.byLabel.b!.responses);
    expect(result.byGroup.g!.responses).toBe(result.byLabel.a!.responses);
    expect(result.all.latenciesMs).toHaveLength(result.all.responses);
  });

  it('keeps sending while the server stalls: arrivals beyond the in-flight bound are EOVERLOAD, unanswered ones ETIMEDOUT', async () => {
    const url = await serve(() => {}); // never answers
    const result = await runOpenLoad({ ...base, maxInFlight: 5, timeoutMs: 200, url, requests: [{ label: 'a', spec: { method: 'GET', path: '/' } }] });
    expect(result.all.responses).toBe(0);
    expect(result.all.socketErrors).toBe(result.arrivals);
    expect(result.all.errors.EOVERLOAD).toBeGreaterThan(0);
    expect(result.all.errors.ETIMEDOUT).toBeGreaterThan(0);
  });
});

describe('runOpenLoadOnThread', () => {
  it('runs the load on a worker thread and returns its result, latencies included', async () => {
    const url = await serve((_req, res) => res.writeHead(200).end('x'));
    const result = await runOpenLoadOnThread({ ...base, url, requests: [{ label: 'a', group: 'g', spec: { method: 'GET', path: '/a' } }] });
    expect(result.arrivals).toBeGreaterThanOrEqual(45);
    expect(result.all.responses).toBe(result.arrivals);
    expect(result.byGroup.g!.responses).toBe(result.arrivals);
    expect(result.all.latenciesMs).toBeInstanceOf(Float64Array);
    expect(result.all.latenciesMs).toHaveLength(result.arrivals);
  });

  it("rejects with the load's own error", async () => {
    await expect(runOpenLoadOnThread({ ...base, ratePerSecond: 0, url: 'http://127.0.0.1:1', requests: [] })).rejects.toThrow('open-loop rate must be positive, got 0');
  });
});

describe('mixSequence', () => {
  it('interleaves the mix by its shares', () => {
    const mix = MIXED[0]!.mix;
    const credentials = { token: ALICE.token, sessionCookie: 'sessionid=x', csrfToken: 'y' };
    const sequence = mixSequence(mix, credentials);
    expect(sequence).toHaveLength(100);
    for (const entry of mix) expect(sequence.filter((r) => r.label === entry.label)).toHaveLength(entry.share);
    // No long runs of one entry: every 10 consecutive requests hold at least three different ones.
    for (let i = 0; i + 10 <= sequence.length; i += 10) expect(new Set(sequence.slice(i, i + 10).map((r) => r.label)).size).toBeGreaterThanOrEqual(3);
  });
});
