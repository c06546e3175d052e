/**
 * `npm run parity`: replays a traffic sample through shadow mode and writes
 * a report (results/parity.html): per route the agreement rate after noise,
 * the field paths that differ most, examples with copy-as-curl, and both
 * sides' latency distributions. Against the running local stack
 * (.canopy/stack.json), or a world of its own when none answers.
 * `npm run parity -- generate` writes a sample as a traffic file instead.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type postgres from 'postgres';
import { routeMatcher } from '../../shared/routing.ts';
import { TOOL_POOLS } from '../db-pools.ts';
import { loadManifest, ManifestError, type Manifest } from '../manifest.ts';
import { openDatabase, readStackFile } from '../rollout/stack-file.ts';
import { EXTERNAL_MONOLITH_FLAGS, externalMonolithFrom } from '../stack/external-monolith.ts';
import { logToTraffic, parseAccessLog } from './access-log.ts';
import { generateTraffic } from './generate.ts';
import { parityReportHtml } from './html.ts';
import { startOwnWorld } from './own-world.ts';
import { progressBar } from './progress.ts';
import { runParity } from './run.ts';
import { summarizeRun } from './summarize.ts';
import { terminalSummary } from './terminal.ts';
import { formatTraffic, parseTraffic, type TrafficEntry } from './traffic.ts';
import { SEED_TOKENS, type SeededTokenUser } from '../seed-credentials.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const USAGE = `usage: npm run parity -- [--traffic sample.jsonl | --access-log gunicorn.log [--as alice|bob|admin] | --count 300 [--seed 1] [--routes a,b]]
                      [--own-world] [--concurrency 4] [--out results/parity.html]
                      [--monolith-url URL --monolith-database-url URL --settings-export FILE]   (your monolith)
       npm run parity -- generate [--count 300] [--seed 1] [--routes a,b] > sample.jsonl`;

function sample(values: Record<string, string | boolean | undefined>, manifest: Manifest): { entries: TrafficEntry[]; source: string } {
  if (typeof values.traffic === 'string') {
    return { entries: parseTraffic(readText(values.traffic), values.traffic), source: values.traffic };
  }
  if (typeof values['access-log'] === 'string') {
    const user = values.as as SeededTokenUser | undefined;
    if (user !== undefined && !(user in SEED_TOKENS)) throw new Error(`--as ${user}: one of ${Object.keys(SEED_TOKENS).join(', ')}`);
    const { entries, skipped } = logToTraffic(parseAccessLog(readText(values['access-log'])), user ? { Authorization: `Token ${SEED_TOKENS[user]}` } : {});
    return { entries, source: `${values['access-log']} (${entries.length} safe requests${skipped ? `, ${skipped} writes skipped: the log has no bodies` : ''}${user ? `, as ${user}` : ', anonymous'})` };
  }
  const count = Number(values.count ?? 300);
  if (!Number.isInteger(count) || count < 1) throw new Error(`--count ${values.count}: give a number of requests`);
  const seed = Number(values.seed ?? 1);
  const only = typeof values.routes === 'string' ? values.routes.split(',') : undefined;
  for (const id of only ?? []) if (!manifest.routes.some((r) => r.id === id)) throw new Error(`--routes: no route "${id}" in the manifest (${manifest.routes.map((r) => r.id).join(', ')})`);
  return { entries: generateTraffic(manifest, count, seed, only), source: `generated: ${count} requests, seed ${seed}` };
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new Error(`cannot read ${path}`);
  }
}

/** Whether something answers HTTP at the URL within a second. */
async function answers(url: string): Promise<boolean> {
  return fetch(url, { signal: AbortSignal.timeout(1000), redirect: 'manual' }).then(() => true, () => false);
}

async function main(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      traffic: { type: 'string' },
      'access-log': { type: 'string' },
      as: { type: 'string' },
      count: { type: 'string' },
      seed: { type: 'string' },
      routes: { type: 'string' },
      'own-world': { type: 'boolean', default: false },
      concurrency: { type: 'string', default: '4' },
      out: { type: 'string', default: 'results/parity.html' },
      ...EXTERNAL_MONOLITH_FLAGS,
    },
  });
  if (positionals.length > 1 || (positionals[0] !== undefined && positionals[0] !== 'generate')) throw new Error(USAGE);
  const manifest = loadManifest();
  const { entries, source } = sample(values, manifest);
  if (positionals[0] === 'generate') return void process.stdout.write(formatTraffic(entries));
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`--concurrency ${values.concurrency}: give a whole number of at least 1`);

  const external = externalMonolithFrom(values);
  const stack = values['own-world'] ? null : readStackFile();
  // A running stack in front of another monolith than the one named is not the one asked for.
  const useStack = stack !== null && (!external || stack.monolith === external.url) && (await answers(stack.loadBalancer));
  let sql: postgres.Sql;
  let functions: Record<string, string>;
  let stop = async () => {};
  let target: string;
  if (useStack) {
    sql = await openDatabase(stack.database, TOOL_POOLS.parity);
    functions = stack.functions;
    stop = () => sql.end({ timeout: 1 });
    target = `the local stack at ${stack.loadBalancer}`;
  } else {
    if (!values['own-world']) console.error('canopy parity: no local stack answers (npm start); starting a world of its own');
    const match = routeMatcher(manifest.routes);
    const names = [...new Set(entries.flatMap((e) => match(e.path.split('?')[0]!)?.function ?? []))];
    const world = await startOwnWorld(manifest, names, (line) => console.error(`canopy parity: ${line}`), external);
    ({ sql, functions, stop } = world);
    target = external ? `your monolith at ${external.url}, with functions of its own` : 'a world of its own (seeded database, gunicorn, built functions)';
  }

  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort());
  const notes: string[] = [];
  // Set once the run knows how many requests it will send.
  const progress: { bar?: ReturnType<typeof progressBar> } = {};
  try {
    const run = await runParity({
      sql,
      manifest,
      functions,
      entries,
      concurrency,
      signal: abort.signal,
      onPlan: (total) => (progress.bar = progressBar(total, 'canopy parity')),
      onDone: (route) => progress.bar?.tick(route),
      note: (line) => notes.push(line),
    });
    progress.bar?.finish();
    if (abort.signal.aborted) notes.push('interrupted: the report covers what was sent before Ctrl-C');
    const summaries = summarizeRun(run.rows, stack?.loadBalancer ?? 'http://127.0.0.1:8080');
    const sent = Object.values(run.sent).reduce((a, b) => a + b, 0);
    const out = resolve(ROOT, values.out);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, parityReportHtml(summaries, { generatedAt: new Date(), source, target, sent, failed: run.failed, notes }));
    for (const note of notes) console.log(`note: ${note}`);
    console.log(terminalSummary(summaries, out));
  } finally {
    await stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    () => process.exit(0),
    (error: Error) => {
      console.error(`canopy parity: ${error instanceof ManifestError ? `bad routes manifest: ${error.message}` : error.message}`);
      process.exit(1);
    },
  );
}
