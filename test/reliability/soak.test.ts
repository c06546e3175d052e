/**
 * A soak at steady load: every function's memory stays flat, its database
 * connections do not grow, and nothing fails. SOAK_SECONDS sets the length
 * (CI runs two minutes).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startWorld, type World } from '../support/world.ts';
import { runLoad, summarize } from './load.ts';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 120);
const TOKEN = { Authorization: 'Token 35febdf6ec676c0033fb5af6e4101c8f10c6be72' };
let world: World;

beforeAll(async () => {
  world = await startWorld(['users', 'identity']);
});
afterAll(() => world?.stop());

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

it(`keeps memory flat, connections bounded and answers clean over ${SECONDS} s`, async () => {
  const names = ['users', 'identity'] as const;
  const samples: Array<{ at: number; rss: Record<string, number>; connections: number }> = [];
  const sample = async () => {
    const n = (await world.sql<{ n: number }[]>`select count(*)::int as n from pg_stat_activity where application_name in ('users', 'identity')`)[0]!.n;
    samples.push({ at: Date.now(), rss: Object.fromEntries(names.map((f) => [f, rssMb(world.functions[f]!.child.pid!)])), connections: n });
  };
  const timer = setInterval(() => void sample(), 5000);
  const [me, session] = await Promise.all([
    runLoad({ url: world.functions.users!.url, path: '/api/users/me/', headers: TOKEN, concurrency: 4, durationMs: SECONDS * 1000, pauseMs: 10 }),
    runLoad({ url: world.functions.identity!.url, path: '/api/auth/session/', headers: TOKEN, concurrency: 2, durationMs: SECONDS * 1000, pauseMs: 10 }),
  ]);
  clearInterval(timer);
  await sample();
  console.log(summarize('users GET /api/users/me/', me));
  console.log(summarize('identity GET /api/auth/session/', session));
  const quarter = Math.max(1, Math.floor(samples.length / 4));
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  for (const f of names) {
    const early = median(samples.slice(1, 1 + quarter).map((s) => s.rss[f]!));
    const late = median(samples.slice(-quarter).map((s) => s.rss[f]!));
    console.log(`${f}: RSS ${early.toFixed(1)} MiB in the first quarter, ${late.toFixed(1)} MiB in the last`);
    // Flat: no more than a quarter plus allocator slack above where it settled.
    expect(late).toBeLessThan(early * 1.25 + 16);
  }
  const connections = samples.map((s) => s.connections);
  console.log(`database connections of the functions: ${Math.min(...connections)}-${Math.max(...connections)} over ${samples.length} samples`);
  expect(Math.max(...connections)).toBeLessThanOrEqual(10); // two pools of 5
  expect(me.every((o) => o.status === 200) && session.every((o) => o.status === 200)).toBe(true);
});
