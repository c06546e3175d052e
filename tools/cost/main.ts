/**
 * `npm run cost`: cost per million requests for each route on the function and
 * on the monolith, from a bench run (results/bench.json, the default) or from
 * the functions' request logs (`--logs <file>`), with Cloud Run's published
 * prices (tools/cost/prices.json) and every input shown so finance can check
 * the arithmetic. Writes results/cost.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadManifest } from '../manifest.ts';
import { usageFromBench, type BenchResults } from './from-bench.ts';
import { usageFromLogs } from './from-logs.ts';
import { costOf, loadPrices, type Usage } from './model.ts';

const RESULTS = fileURLToPath(new URL('../../results/', import.meta.url));
/** The goal: the function costs at least 60 % less per request than the monolith on the same route. */
const GOAL_SAVING = 0.6;

const money = (n: number) => `$${n < 0.1 ? n.toFixed(4) : n.toFixed(2)}`;
const inputs = (u: Usage) =>
  `${u.requests} req, ${u.billableSeconds.toFixed(2)} billable s × ${u.vcpus} vCPU × ${u.memoryGiB} GiB, concurrency ${u.concurrency}, CPU used ${u.cpuSeconds.toFixed(2)} s`;

function main(): void {
  const { values } = parseArgs({ options: { bench: { type: 'string' }, logs: { type: 'string' } } });
  const prices = loadPrices();
  const manifest = loadManifest();
  console.log(`Cloud Run prices: $${prices.vcpuSecond}/vCPU-s, $${prices.gibSecond}/GiB-s, $${prices.perMillionRequests}/M requests (${prices.source}; checked ${prices.checked})\n`);
  const report: unknown[] = [];
  if (values.logs) {
    for (const [route, usage] of usageFromLogs(readFileSync(values.logs, 'utf8').split('\n'), manifest)) {
      const cost = costOf(usage, prices);
      console.log(`${route.padEnd(22)} function ${money(cost.perMillion)} per million  [${inputs(usage)}]`);
      report.push({ route, function: { usage, cost } });
    }
  } else {
    const path = values.bench ?? `${RESULTS}bench.json`;
    let bench: BenchResults;
    try {
      bench = JSON.parse(readFileSync(path, 'utf8')) as BenchResults;
    } catch {
      throw new Error(`cannot read ${path}: run npm run bench first (or pass --bench <file> or --logs <file>)`);
    }
    console.log(`from the ${bench.mode} bench of ${bench.startedAt}, each side at its highest concurrency:\n`);
    for (const r of usageFromBench(bench, manifest)) {
      const monolith = costOf(r.monolith, prices);
      const fn = costOf(r.function, prices);
      const saving = 1 - fn.perMillion / monolith.perMillion;
      console.log(`${r.route} — ${r.title} (concurrency ${r.concurrency})`);
      console.log(`  monolith  ${money(monolith.perMillion).padStart(9)} per million  [${inputs(r.monolith)}]`);
      console.log(`  ${r.fn.padEnd(9)} ${money(fn.perMillion).padStart(9)} per million  [${inputs(r.function)}]`);
      // Both sides pay the same per-request fee; what the migration changes is compute.
      const compute = (c: typeof fn, u: Usage) => ((c.cpuDollars + c.memoryDollars) / u.requests) * 1e6;
      const computeSaving = 1 - compute(fn, r.function) / compute(monolith, r.monolith);
      console.log(`  ${saving >= GOAL_SAVING ? 'PASS' : 'MISS'}  ${(saving * 100).toFixed(1)} % less per request (goal: at least ${GOAL_SAVING * 100} %)`);
      console.log(`        compute alone ${money(compute(monolith, r.monolith))} -> ${money(compute(fn, r.function))} per million: ${(computeSaving * 100).toFixed(1)} % less (the $${prices.perMillionRequests}/M request fee is the same on both)\n`);
      report.push({ route: r.route, concurrency: r.concurrency, saving, computeSaving, monolith: { usage: r.monolith, cost: monolith }, function: { usage: r.function, cost: fn } });
    }
  }
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(`${RESULTS}cost.json`, `${JSON.stringify({ prices, routes: report }, null, 2)}\n`);
  console.log(`wrote ${RESULTS}cost.json`);
}

try {
  main();
} catch (error) {
  console.error(`canopy cost: ${(error as Error).message}`);
  process.exit(1);
}
