/**
 * `npm run cost`: what each route costs per million requests on the monolith
 * and on its function under both Cloud Run billing modes, at the load the
 * bench measured (results/bench.json, the default), with each function's
 * break-even request rate and recommended mode; or, from the functions'
 * request logs (`--logs <file>`), what each route cost under request-based
 * billing. Cloud Run's published prices come from tools/cost/prices.json;
 * every input is shown so finance can check the arithmetic. Writes
 * results/cost.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadManifest, type Manifest } from '../manifest.ts';
import { instancesFor, TARGET_UTILISATION, type LoadProfile } from './billing-modes.ts';
import { loadsFromBench, type BenchResults } from './from-bench.ts';
import { usageFromLogs } from './from-logs.ts';
import { costOf, loadPrices, type Prices, type Rates, type Usage } from './model.ts';
import { costReport, GOAL_SAVING, type ByMode } from './report.ts';

const RESULTS = fileURLToPath(new URL('../../results/', import.meta.url));

const money = (n: number) => `$${n < 0.1 ? n.toFixed(4) : n.toFixed(2)}`;
const rate = (n: number) => `${n < 10 ? n.toFixed(2) : n.toFixed(1)} req/s`;
const rates = (r: Rates) => `$${r.vcpuSecond}/vCPU-s, $${r.gibSecond}/GiB-s, ${r.perMillionRequests ? `$${r.perMillionRequests}/M requests` : 'no request fee'}`;
const side = (p: LoadProfile, at: number) =>
  `${p.vcpus} vCPU, ${p.memoryGiB} GiB; one instance serves ${rate(p.capacityPerSecond)}, a lone request holds it ${(p.soloSeconds * 1000).toFixed(0)} ms; ${instancesFor(p, at).toFixed(2)} instances`;
const modes = (m: ByMode) => `request-based ${money(m.request).padStart(9)}/M   instance-based ${money(m.instance).padStart(9)}/M`;

function printPrices(prices: Prices): void {
  console.log(`Cloud Run prices (${prices.source}; checked ${prices.checked}):`);
  console.log(`  request-based:  ${rates(prices.request)}; busy time rounded up to ${prices.billingGranularitySeconds} s`);
  console.log(`  instance-based: ${rates(prices.instance)}; the whole instance lifetime`);
  console.log(`Instances: max(1, rate / (${TARGET_UTILISATION * 100} % of one instance's capacity)), Cloud Run's autoscaling target.\n`);
}

function fromBench(path: string, manifest: Manifest, prices: Prices): unknown {
  let bench: BenchResults;
  try {
    bench = JSON.parse(readFileSync(path, 'utf8')) as BenchResults;
  } catch {
    throw new Error(`cannot read ${path}: run npm run bench first (or pass --bench <file> or --logs <file>)`);
  }
  const loads = loadsFromBench(bench, manifest);
  const report = costReport(loads, manifest, prices);
  console.log(`From the ${bench.mode} bench of ${bench.startedAt}; each route at the monolith's best throughput (the most it serves today):\n`);
  for (const r of report.routes) {
    const load = loads.find((l) => l.route === r.route)!;
    console.log(`${r.route} — ${r.title} at ${rate(r.rate)}`);
    console.log(`  monolith  ${modes(r.monolith)}   [${side(load.monolith, r.rate)}]`);
    console.log(`  ${r.fn.padEnd(9)} ${modes(r.function)}   [${side(load.function, r.rate)}]`);
    console.log(
      `  ${r.meetsGoal ? 'PASS' : 'MISS'}  ${r.fn} ${r.mode}-based ${money(r.function[r.mode])}/M is ${(r.saving * 100).toFixed(1)} % less per request than the monolith's cheaper ${r.monolithMode}-based ${money(r.monolith[r.monolithMode])}/M (goal: at least ${GOAL_SAVING * 100} %)\n`,
    );
  }
  console.log('Billing mode per function (infra/routes.json "billing"):');
  for (const f of report.functions) {
    const deployed = f.deployed.forcedBy ? `deployed instance: route ${f.deployed.forcedBy} is in shadow` : `deployed ${f.deployed.mode}`;
    if (f.recommended === null) {
      console.log(`  ${f.fn.padEnd(17)} not measured by the bench; manifest ${f.manifest}, ${deployed}`);
      continue;
    }
    const breakEven = f.breakEven === null ? 'request-based is cheaper at any rate' : `instance-based is cheaper above ${rate(f.breakEven)}`;
    const advice = f.recommended === f.manifest ? 'as the manifest says' : `set "billing": "${f.recommended}" in infra/routes.json`;
    console.log(`  ${f.fn.padEnd(17)} ${breakEven}; at ${rate(f.rate!)} recommended ${f.recommended} (${advice}); ${deployed}`);
  }
  return { bench: { mode: bench.mode, startedAt: bench.startedAt }, targetUtilisation: TARGET_UTILISATION, loads, ...report };
}

function fromLogs(path: string, manifest: Manifest, prices: Prices): unknown {
  const routes: unknown[] = [];
  console.log('From request logs, under request-based billing (the logs cannot tell how long an idle instance lived):\n');
  for (const [route, usage] of usageFromLogs(readFileSync(path, 'utf8').split('\n'), manifest)) {
    const cost = costOf(usage, prices.request);
    const inputs = (u: Usage) => `${u.requests} req, ${u.billableSeconds.toFixed(2)} billable s × ${u.vcpus} vCPU × ${u.memoryGiB} GiB, CPU used ${u.cpuSeconds.toFixed(2)} s`;
    console.log(`${route.padEnd(22)} function ${money(cost.perMillion)} per million  [${inputs(usage)}]`);
    routes.push({ route, function: { usage, cost } });
  }
  return { routes };
}

function main(): void {
  const { values } = parseArgs({ options: { bench: { type: 'string' }, logs: { type: 'string' } } });
  const prices = loadPrices();
  const manifest = loadManifest();
  printPrices(prices);
  const report = values.logs ? fromLogs(values.logs, manifest, prices) : fromBench(values.bench ?? `${RESULTS}bench.json`, manifest, prices);
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(`${RESULTS}cost.json`, `${JSON.stringify({ prices, ...(report as object) }, null, 2)}\n`);
  console.log(`\nwrote ${RESULTS}cost.json`);
}

try {
  main();
} catch (error) {
  console.error(`canopy cost: ${(error as Error).message}`);
  process.exit(1);
}
