/**
 * `npm run profile -- <function> [scenario]`: runs one function under one of
 * the bench's loads (tools/bench/scenarios.ts) with V8's CPU profiler on,
 * then writes the profile (results/profile/<function>-<scenario>.cpuprofile:
 * Chrome DevTools' Performance panel and speedscope open it) and prints the
 * hottest frames by self time. The world is the bench's: PostgreSQL migrated
 * and seeded by Django, alice logged in through the monolith; the function
 * is built as its image builds it but with names and a source map kept, into
 * dist/profile/<function>/ (dist/functions/ is left alone).
 */
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildFunction, DIST } from '../build.ts';
import { cleanUp } from '../bench/cleanup.ts';
import { logInThroughMonolith, type Credentials } from '../bench/credentials.ts';
import { benchDjango, prepareEnvironment } from '../bench/environment.ts';
import type { RequestSpec } from '../bench/http-wire.ts';
import { runLoad } from '../bench/load.ts';
import { Progress } from '../bench/progress.ts';
import { benchPushIdentity } from '../bench/push-identity.ts';
import { COLD_START_PROBES, SCENARIOS } from '../bench/scenarios.ts';
import { launchFunction, launchMonolith, withServers } from '../bench/servers.ts';
import { functionEntry, loadManifest } from '../manifest.ts';
import { DJANGO_PACKAGES } from '../stack/monolith.ts';
import { freePort } from '../stack/ports.ts';
import { formatHotFrames, hotFrames, readProfile } from './hot-frames.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const USAGE = `usage: npm run profile -- <function> [scenario] [--seconds N] [--concurrency N] [--top N] [--out DIR]`;

/** A load to profile a function under: the bench's scenarios for it, else its cold-start probe, sent over and over. */
function loadsFor(fn: string): Record<string, (c: Credentials) => RequestSpec[]> {
  const loads: Record<string, (c: Credentials) => RequestSpec[]> = Object.fromEntries(SCENARIOS.filter((s) => s.fn === fn).map((s) => [s.id, s.requests]));
  const probe = COLD_START_PROBES.functions[fn];
  if (probe) loads.probe = (c) => [probe(c)];
  return loads;
}

function fail(message: string): never {
  console.error(`canopy profile: ${message}`);
  process.exit(1);
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      seconds: { type: 'string', default: '10' },
      concurrency: { type: 'string', default: '8' },
      top: { type: 'string', default: '15' },
      out: { type: 'string', default: join(ROOT, 'results', 'profile') },
    },
  });
  const [fn, wanted] = positionals;
  const functions = Object.keys(loadManifest().functions);
  if (!fn) fail(`${USAGE}\n  functions: ${functions.join(', ')}`);
  if (!functions.includes(fn)) fail(`${fn} is not a function of the routes manifest: use one of ${functions.join(', ')}`);
  const loads = loadsFor(fn);
  const scenario = wanted ?? Object.keys(loads)[0];
  if (!scenario || !loads[scenario]) fail(`${fn} has no scenario ${wanted}: use one of ${Object.keys(loads).join(', ') || '(none: add one to tools/bench/scenarios.ts)'}`);
  const [seconds, concurrency, top] = [values.seconds, values.concurrency, values.top].map(Number) as [number, number, number];
  if (![seconds, concurrency, top].every((n) => Number.isInteger(n) && n > 0)) fail('--seconds, --concurrency and --top take whole numbers above 0');
  const { python, django } = await benchDjango();
  if (!python) fail(`Django is not installed for Debian's python3: apt-get install ${DJANGO_PACKAGES}`);

  const progress = new Progress(60_000 + seconds * 1000);
  // Only the profiled function is built, into a folder of its own: dist/functions/ may be in use (a test run).
  const env = await prepareEnvironment(python, django, progress, { buildFunctions: false });
  progress.step(`building ${fn} with names and a source map`, 5000);
  const dir = join(DIST, '..', 'profile', fn);
  await buildFunction(fn, functionEntry(fn), undefined, dir, undefined, { forProfiling: true });
  progress.step('logging alice in through the monolith', 10_000);
  const loggedIn = await withServers([async () => launchMonolith(env, await freePort())], ([monolith]) => logInThroughMonolith(monolith!.url));
  const credentials = { ...loggedIn, pushToken: await (await benchPushIdentity()).token() };

  const profiles = join(dir, 'cpu-profiles');
  rmSync(profiles, { recursive: true, force: true });
  progress.step(`${fn} under ${scenario}, ${concurrency} clients, ${seconds} s, profiler on`, seconds * 1000);
  // The profiler starts with the process and writes its file when the process exits (SIGTERM drains, then exits).
  const nodeArgs = ['--cpu-prof', `--cpu-prof-dir=${profiles}`];
  const load = await withServers([async () => launchFunction(env, fn, 'minimal', await freePort(), { dir, nodeArgs })], ([server]) =>
    runLoad({ url: server!.url, requests: loads[scenario]!(credentials), concurrency, warmupMs: 0, durationMs: seconds * 1000, maxRequests: 10_000_000, timeoutMs: 30_000 }),
  );
  progress.step('stopping', 0);
  await cleanUp();
  progress.finish();

  const written = readdirSync(profiles).filter((name) => name.endsWith('.cpuprofile'));
  if (written.length !== 1) fail(`expected one profile in ${profiles}, found ${written.length}: did ${fn} exit cleanly on SIGTERM?`);
  mkdirSync(values.out, { recursive: true });
  const out = join(values.out, `${fn}-${scenario}.cpuprofile`);
  renameSync(join(profiles, written[0]!), out);
  const frames = hotFrames(readProfile(out), ROOT);
  const statuses = Object.entries(load.statuses).map(([status, n]) => `${n} × ${status}`).join(', ');
  const report = [
    `${fn} under ${scenario}: ${load.responses} answers in ${(load.windowMs / 1000).toFixed(1)} s (${statuses || 'none'}${load.socketErrors ? `, ${load.socketErrors} socket errors` : ''}), ${concurrency} clients`,
    '',
    formatHotFrames(frames, top),
  ].join('\n');
  writeFileSync(out.replace(/\.cpuprofile$/, '.txt'), `${report}\n`);
  console.log(`${report}\n\nprofile: ${relative(process.cwd(), out)} (open in Chrome DevTools' Performance panel, or speedscope)`);
}

main().catch(async (error: Error) => {
  await cleanUp();
  fail(error.message);
});
