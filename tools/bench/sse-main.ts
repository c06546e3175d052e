/**
 * `npm run bench:sse [-- --streams N] [-- --rate R] [-- --out DIR]`: the live order status
 * scenario (tools/bench/sse.ts) on its own, against one order-stream instance, on a fresh
 * PostgreSQL and seeded database. Writes DIR/sse.json (default results/) and prints the figures.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DJANGO_PACKAGES } from '../stack/monolith.ts';
import { freePort } from '../stack/ports.ts';
import { cleanUp } from './cleanup.ts';
import { benchDjango, prepareEnvironment, unavailable } from './environment.ts';
import { ms as msOnly } from './format.ts';
import { Progress } from './progress.ts';
import { launchFunction } from './servers.ts';
import { runSse, type SsePhase, type SseResult } from './sse.ts';

const ms = (value: number) => `${msOnly(value)} ms`;

const USAGE = `usage: npm run bench:sse [-- --streams N (1000)] [-- --rate R (200 status changes/s)] [-- --out DIR (results)]`;

function options() {
  const { values } = parseArgs({ options: { streams: { type: 'string', default: '1000' }, rate: { type: 'string', default: '200' }, out: { type: 'string', default: 'results' } } });
  const streams = Number(values.streams);
  const rate = Number(values.rate);
  if (!Number.isInteger(streams) || streams < 1 || !(rate > 0)) throw new Error(`--streams must be a whole number and --rate a positive one\n${USAGE}`);
  return { streams, rate, holdMs: 20_000, out: values.out };
}

const line = (name: string, p: SsePhase) =>
  `${name}: ${p.received}/${p.events} delivered in ${ms(p.spanMs)}; commit to client p50 ${ms(p.latency.p50)}, p95 ${ms(p.latency.p95)}, p99 ${ms(p.latency.p99)}, max ${ms(p.latency.max)}; instance CPU ${ms(p.instanceCpuMs)}; machine ${(p.machineBusy * 100).toFixed(0)} % busy`;

function summary(r: SseResult): string {
  return [
    `order-stream, one instance: ${r.held}/${r.streams} streams held (opened in ${ms(r.openMs)}), ${r.heartbeatsPerStream.toFixed(1)} heartbeats each while idle`,
    `memory: ${r.rssIdleMiB.toFixed(1)} MiB idle, peak ${r.rssHeldMiB.toFixed(1)} MiB holding them (${r.perStreamKiB.toFixed(1)} KiB a stream)`,
    `database connections: ${r.dbConnections} (${r.listenConnections} LISTEN), for ${r.streams} streams`,
    line('paced', r.paced),
    line('burst', r.burst),
  ].join('\n');
}

async function main(): Promise<void> {
  const opts = options();
  const { python, django } = await benchDjango();
  if (!python) throw new Error(`Django is not installed for Debian's python3: apt-get install ${DJANGO_PACKAGES}`);
  const progress = new Progress(0);
  const env = await prepareEnvironment(python, django, progress);
  const missing = unavailable(env, 'order-stream');
  if (missing) throw new Error(missing);
  progress.step('starting order-stream', 0);
  const server = await launchFunction(env, 'order-stream', 'minimal', await freePort());
  const result = await runSse(env, server, opts, (label) => progress.step(label, 0));
  progress.finish();
  mkdirSync(opts.out, { recursive: true });
  writeFileSync(join(opts.out, 'sse.json'), `${JSON.stringify({ startedAt: new Date().toISOString(), options: opts, result }, null, 2)}\n`);
  console.log(summary(result));
}

try {
  await main();
} catch (error) {
  console.error(`canopy bench:sse: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
