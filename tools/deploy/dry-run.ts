/**
 * `npm run deploy:dry-run`: runs cloudbuild.yaml's steps on this machine, in
 * an order their waitFor allows, in a copy of the repository, with the
 * trigger's substitutions filled from the production variables (by default
 * infra/terraform.tfvars.example). The repository's scripts, `npm run build`,
 * bundle hashing and terraform fmt and console run for real; gcloud, docker,
 * the Cloud SQL Auth Proxy, terraform init/apply/plan, curl and npm's install
 * and database commands are recording stand-ins (stand-ins.ts) whose every
 * argument is checked against infra/ and the manifest (world.ts). The `test`
 * step (.ci/test, minutes long) is recorded, not run, unless --run-tests.
 * Prints the plan of what a real build would do, or one line naming the step
 * that would go wrong and why.
 *
 * Usage: npm run deploy:dry-run -- [--var-file <tfvars>] [--run-tests] [--root <checkout>]
 */
import { parse as parseHcl } from '@cdktf/hcl2json';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadManifest, ManifestError, templateMatcher } from '../manifest.ts';
import { DOCS_SERVICE } from '../infra-check/cloudbuild.ts';
import type { DocsRouteRule } from '../infra-check/url-map.ts';
import { DOCS_PREFIX } from '../openapi/serve.ts';
import { loadTerraform } from '../infra-check/terraform.ts';
import { evaluate, runTerraform } from '../infra-check/terraform-eval.ts';
import { PipelineError, readPipeline, type PipelineStep } from './pipeline.ts';
import { writeStandIns } from './stand-ins.ts';
import { DryRunError, World, type Call, type Target } from './world.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Left out of the copy: installed, built or local-only. */
const NOT_COPIED = new Set(['node_modules', '.git', 'dist', '.canopy', '.terraform', 'results']);
const SCRIPT_SERVICE = /infra\/deploy\/(?:image|deploy|smoke|promote)\.sh\s+(\S+)/;

export interface DryRunOptions {
  /** The checkout whose cloudbuild.yaml, infra/ and manifest are run (default: this repository). */
  root?: string;
  /** Production variables (default: <root>/infra/terraform.tfvars.example). */
  varFile?: string;
  runTests?: boolean;
}

/** The values the trigger gives the build (infra/modules/build-trigger) and Cloud Build's own. */
async function readTarget(workspace: string, varFile: string): Promise<{ target: Target; substitutions: Record<string, string> }> {
  const vars = (await parseHcl(varFile, readFileSync(varFile, 'utf8'))) as Record<string, string>;
  for (const name of ['project_id', 'region', 'tf_state_bucket', 'cloud_sql_instance', 'worker_pool']) {
    if (typeof vars[name] !== 'string') throw new DryRunError(`${varFile}: needs ${name}`);
  }
  const infra = join(workspace, 'infra');
  const manifest = loadManifest(join(infra, 'routes.json'));
  const terraform = await loadTerraform(infra);
  const root = terraform.get('')!;
  const repository = terraform.get('modules/build-trigger')?.resources['google_artifact_registry_repository.images']?.repository_id;
  if (typeof repository !== 'string') throw new DryRunError('infra/modules/build-trigger: no google_artifact_registry_repository.images with a literal repository_id');
  // terraform console, for real: the URL map the routing step's apply would make from this manifest.
  const [routes] = evaluate(root, ['local.routes'], { files: { 'routes.json': readFileSync(join(infra, 'routes.json'), 'utf8') } });
  const functions = Object.fromEntries((routes as { function: string }[]).map((r) => [r.function, r.function]));
  const [manifestRules, docsRules] = evaluate(terraform.get('modules/load-balancer')!, ['local.route_rules', 'local.docs_route_rules'], { vars: { routes, functions } }) as [
    Target['urlMap'],
    DocsRouteRule[],
  ];
  // The API reference's rules come first (lower priorities); * marks a prefix.
  const urlMap: Target['urlMap'] = [
    ...docsRules.map((r) => ({ id: DOCS_SERVICE, path_template: r.full_path_match ?? `${r.prefix_match}*`, backends: [{ name: DOCS_SERVICE, weight: 1000 }] })),
    ...manifestRules,
  ];
  const commit = gitHead() ?? '0'.repeat(40);
  const services: Target['services'] = { relay: 'relay', [DOCS_SERVICE]: 'docs' };
  const paths: Target['routes'] = { relay: [], [DOCS_SERVICE]: [new RegExp(`^${DOCS_PREFIX}`)] };
  for (const name of Object.keys(manifest.functions)) {
    services[name] = 'function';
    const templates = manifest.routes.filter((r) => r.function === name).map((r) => templateMatcher(r.pathTemplate));
    paths[name] = templates.length > 0 ? templates : [/^\/$/];
  }
  const target: Target = {
    project: vars.project_id!,
    region: vars.region!,
    repository,
    bucket: vars.tf_state_bucket!,
    instance: vars.cloud_sql_instance!,
    shortSha: commit.slice(0, 7),
    services,
    modules: Object.keys(root.modules),
    routes: paths,
    urlMap,
  };
  const substitutions = {
    PROJECT_ID: target.project,
    COMMIT_SHA: commit,
    SHORT_SHA: target.shortSha,
    BUILD_ID: 'dry-run',
    _REGION: target.region,
    _REPOSITORY: repository,
    _TF_STATE_BUCKET: target.bucket,
    _WORKER_POOL: vars.worker_pool!,
    _CLOUD_SQL_INSTANCE: target.instance,
  };
  return { target, substitutions };
}

function gitHead(): string | null {
  const result = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : null;
}

/** Every service a step's script names is one the manifest (or the relay) has, and every one is deployed. */
function checkServicesNamed(steps: PipelineStep[], target: Target): void {
  const deployed = new Set<string>();
  for (const step of steps) {
    const name = SCRIPT_SERVICE.exec(step.script)?.[1];
    if (!name) continue;
    if (!(name in target.services)) {
      throw new DryRunError(`${step.id}: names service "${name}", which is neither a function in infra/routes.json (${Object.keys(target.services).filter((s) => target.services[s] === 'function').join(', ')}) nor the relay: run npm run cloudbuild:generate`);
    }
    if (/infra\/deploy\/deploy\.sh/.test(step.script)) deployed.add(name);
  }
  const missing = Object.keys(target.services).filter((name) => !deployed.has(name));
  if (missing.length > 0) throw new DryRunError(`cloudbuild.yaml: no step deploys ${missing.join(', ')} (in infra/routes.json): run npm run cloudbuild:generate`);
}

function copyCheckout(root: string, workspace: string): void {
  cpSync(root, workspace, { recursive: true, filter: (source) => !NOT_COPIED.has(basename(source)) && !/infra\/[^/]+\.tfvars$/.test(source) });
  symlinkSync(join(existsSync(join(root, 'node_modules')) ? root : ROOT, 'node_modules'), join(workspace, 'node_modules'));
}

/** Runs a step's script without blocking the event loop (a test runner's worker must keep answering). */
async function run(script: string, options: { cwd: string; env: NodeJS.ProcessEnv; timeout: number }): Promise<{ stdout: string; stderr: string; failure: string | null }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(script, { ...options, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    return { stdout, stderr, failure: null };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; code?: number | string; killed?: boolean };
    return { stdout: e.stdout ?? '', stderr: e.stderr ?? '', failure: e.killed ? 'timed out' : `exit ${e.code}` };
  }
}

function readCalls(log: string, seen: number): Call[] {
  if (!existsSync(log)) return [];
  return readFileSync(log, 'utf8').split('\n').filter(Boolean).slice(seen).map((line) => JSON.parse(line) as Call);
}

/** Runs the pipeline; returns the plan's lines. Throws DryRunError naming the step that would go wrong. */
export async function dryRun(options: DryRunOptions = {}): Promise<string[]> {
  const root = resolve(options.root ?? ROOT);
  const workspace = mkdtempSync(join(tmpdir(), 'canopy-dry-run-'));
  try {
    copyCheckout(root, join(workspace, 'src'));
    const src = join(workspace, 'src');
    const varFile = resolve(options.varFile ?? join(src, 'infra/terraform.tfvars.example'));
    const { target, substitutions } = await readTarget(src, varFile);
    // terraform fmt, for real: an unformatted infra/ would fail the build's own checks.
    runTerraform(['fmt', '-check', '-recursive', 'infra'], { cwd: src });
    const steps = readPipeline(readFileSync(join(src, 'cloudbuild.yaml'), 'utf8'), substitutions);
    checkServicesNamed(steps, target);
    const bin = join(workspace, 'bin');
    writeStandIns(bin);
    const log = join(workspace, 'calls.jsonl');
    const world = new World(target, new Map(steps.map((s) => [s.id, s])), src, join(workspace, 'state'));
    const plan = [`Dry run of cloudbuild.yaml for project ${target.project}, region ${target.region}, commit ${substitutions.SHORT_SHA}:`];
    let seen = 0;
    // File order: a valid order of waitFor (Cloud Build refuses a waitFor on a later step). Whether a step
    // could run too early is judged by ancestry, not by the order it happened to run in here.
    for (const step of steps) {
      world.checkBuilder(step);
      const waits = step.waitFor.length === 0 ? 'at once' : `after ${step.waitFor.join(', ')}`;
      plan.push(`[${step.level}] ${step.id} (${step.name}), ${waits}`);
      if (step.script.includes('.ci/test') && !options.runTests) {
        plan.push('      bash .ci/test   (recorded, not run: the full suites take minutes; --run-tests runs them)');
        continue;
      }
      const script = join(workspace, `${step.id}.sh`);
      writeFileSync(script, step.script);
      chmodSync(script, 0o755);
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        ...substitutions,
        ...(step.secretEnv.includes('DATABASE_URL') && { DATABASE_URL: `postgres://canopy:dry-run@/canopy?host=/cloudsql/${target.instance}` }),
        PATH: `${bin}:${process.env.PATH}`,
        DRY_RUN_STEP: step.id,
        DRY_RUN_LOG: log,
        DRY_RUN_STATE: join(workspace, 'state'),
        DRY_RUN_TFVARS: varFile,
        // Each step is its own container in Cloud Build: no socket left by an earlier step's proxy.
        CLOUD_SQL_SOCKET_DIR: join(workspace, 'cloudsql', step.id),
      };
      const result = await run(script, { cwd: src, env, timeout: options.runTests ? 3_600_000 : 600_000 });
      const calls = readCalls(log, seen);
      seen += calls.length;
      // The recorded calls are judged even when the script failed: a wrong call explains the failure best.
      for (const call of calls) plan.push(`      ${world.apply(call)}`);
      if (result.failure) {
        const output = `${result.stdout}${result.stderr}`.trim().split('\n').slice(-3).join(' | ');
        throw new DryRunError(`${step.id}: its script failed (${result.failure}): ${output}`);
      }
    }
    for (const [name, kind] of Object.entries(target.services)) {
      if (!world.made.has(`promoted:${name}`)) throw new DryRunError(`cloudbuild.yaml: no step moves traffic to ${name}'s new ${kind === 'relay' ? 'revision' : 'tagged revision'}`);
    }
    if (!world.made.has('routing')) throw new DryRunError('cloudbuild.yaml: no step applies the URL map (terraform apply of everything)');
    plan.push(`Images pushed: ${[...world.pushed.keys()].length}; services deployed: ${Object.keys(target.services).join(', ')}.`);
    return plan;
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { 'var-file': { type: 'string' }, 'run-tests': { type: 'boolean' }, root: { type: 'string' } } });
  try {
    const plan = await dryRun({ root: values.root, varFile: values['var-file'], runTests: values['run-tests'] });
    console.log(plan.join('\n'));
    console.log('deploy:dry-run: the pipeline would run as planned');
  } catch (error) {
    const known = error instanceof DryRunError || error instanceof PipelineError || error instanceof ManifestError;
    console.error(`deploy:dry-run: ${known ? error.message : (error as Error).stack}`);
    process.exit(1);
  }
}
