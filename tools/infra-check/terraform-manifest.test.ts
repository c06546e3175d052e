/** The root module's locals, evaluated by Terraform itself, follow the routes manifest. */
import { parse } from '@cdktf/hcl2json';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifest, MANIFEST_PATH } from '../manifest.ts';
import { pooledPoolSize, TOOL_POOLS } from '../db-pools.ts';
import { roleUrlVariable } from '../db-roles.ts';
import { budgetTotal, connectionBudget, perRevision } from './connection-budget.ts';
import { extendedManifest, fn, route } from './test-manifests.ts';
import { block, expression, INFRA_DIR, loadTerraform, type Block } from './terraform.ts';
import { evaluate } from './terraform-eval.ts';

const manifest = loadManifest();
const root = (await loadTerraform()).get('')!;
const example = (await parse('terraform.tfvars.example', readFileSync(join(INFRA_DIR, 'terraform.tfvars.example'), 'utf8'))) as Record<string, unknown>;
// The example's figures: the budget Terraform checks in production has the same shape.
const budgetVars = {
  db_max_connections: example.db_max_connections as number,
  db_monolith_connections: example.db_monolith_connections as number,
  db_reserved_connections: example.db_reserved_connections as number,
};

interface TerraformFunction {
  memory: string;
  cpu: string;
  concurrency: number;
  max_instances: number;
  db_pool_size: number;
  routed: boolean;
  /** Environment variable => secret (module.secrets key). */
  secrets: Record<string, string>;
}

const functionsFor = (text: string) => evaluate(root, ['local.functions'], { files: { 'routes.json': text } })[0] as Record<string, TerraformFunction>;

describe('local.functions (what module.function, the load balancer, monitoring and billing iterate)', () => {
  const functions = functionsFor(readFileSync(MANIFEST_PATH, 'utf8'));

  it('has exactly the manifest functions', () => {
    expect(Object.keys(functions).sort()).toEqual(Object.keys(manifest.functions).sort());
  });

  it.each(Object.entries(manifest.functions))('carries %s sizes from the manifest', (name, spec) => {
    expect(functions[name]).toMatchObject({
      memory: spec.memory,
      cpu: `${spec.cpu * 1000}m`,
      concurrency: spec.concurrency,
      max_instances: spec.maxInstances,
      db_pool_size: spec.dbPoolSize,
      routed: manifest.routes.some((r) => r.function === name),
    });
  });

  it('follows a manifest with more functions: a routed one, a push consumer, and payments-webhook with its extra secret', () => {
    const { text } = extendedManifest(
      [fn('orders'), fn('order-events'), fn('payments-webhook')],
      [route('orders-list', { function: 'orders' }), route('payments', { function: 'payments-webhook', methods: ['POST'] })],
    );
    const more = functionsFor(text);
    expect(Object.keys(more).sort()).toEqual(['order-events', 'orders', 'payments-webhook', 'users']);
    expect(more['orders']!.routed).toBe(true);
    expect(more['order-events']!.routed).toBe(false);
    expect(more['orders']!.secrets).toEqual({ DATABASE_URL: 'ORDERS_DATABASE_URL', SECRET_KEY: 'SECRET_KEY' });
  });

  it.each(Object.entries(manifest.functions))('gives %s only its own DATABASE_URL (its role\'s, as db:migrate reads it) and the secrets its manifest entry lists', (name, spec) => {
    expect(functions[name]!.secrets).toEqual({ DATABASE_URL: roleUrlVariable(name), ...Object.fromEntries(spec.secrets.map((s) => [s, s])) });
  });

  it('behind a transaction pooler sizes each pool to the function\'s concurrency, as the tests run them (tools/db-pools.ts)', () => {
    const pooled = evaluate(root, ['local.functions'], { files: { 'routes.json': readFileSync(MANIFEST_PATH, 'utf8') }, vars: { db_pooling: { mode: 'transaction', server_connections_per_role: 10 } } })[0] as Record<string, TerraformFunction>;
    for (const [name, spec] of Object.entries(manifest.functions)) expect(pooled[name]!.db_pool_size).toBe(pooledPoolSize(spec));
  });

  it('creates every secret the functions read, and the owner\'s DATABASE_URL for the build', () => {
    const [names] = evaluate(root, [expression(root.modules['secrets']!.names as string)], { files: { 'routes.json': readFileSync(MANIFEST_PATH, 'utf8') } }) as [string[]];
    const expected = ['DATABASE_URL', ...Object.keys(manifest.functions).map(roleUrlVariable), ...Object.values(manifest.functions).flatMap((f) => f.secrets)];
    expect([...names].sort()).toEqual([...new Set(expected)].sort());
  });
});

describe('database connection budget, during a deploy', () => {
  const precondition = block(block(root.resources['terraform_data.db_connection_budget'], 'lifecycle'), 'precondition')!;
  const condition = expression(precondition.condition);
  // The error message is a template: evaluate it as a string literal.
  const message = JSON.stringify(precondition.error_message as string);
  const toolDefaults = (root.variables['db_tool_connections'] as Block).default as Record<string, number>;
  const vars = { monolith: budgetVars.db_monolith_connections, reserved: budgetVars.db_reserved_connections, tools: toolDefaults };

  const evaluateBudget = (text: string, tfvars: Record<string, unknown>) =>
    evaluate(root, ['local.db_connections', condition, message], { files: { 'routes.json': text }, vars: tfvars }) as [Block, boolean, string];

  it('counts the tools at the pool sizes they open (tools/db-pools.ts)', () => {
    expect(toolDefaults).toEqual(TOOL_POOLS);
  });

  it('counts both revisions of every function, the tools, the monolith and reserved, like the TypeScript budget, and fits with the example variables', () => {
    const text = readFileSync(MANIFEST_PATH, 'utf8');
    const [figures, fits, error] = evaluateBudget(text, budgetVars);
    const expected = connectionBudget(manifest, JSON.parse(text) as Record<string, unknown>, vars);
    // infra:check prints the arithmetic the plan checks.
    const arithmetic = error.replace(/^Database connection budget exceeded during a deploy: /, '').replace(/\. Lower.*$/, '');
    console.log(`connection budget during a deploy: ${fits ? arithmetic.replace(' > ', ' <= ') : arithmetic}`);
    expect(figures).toEqual(expected);
    expect(figures.functions).toBe(perRevision(manifest) * 2);
    expect(budgetTotal(expected)).toBeLessThanOrEqual(budgetVars.db_max_connections);
    expect(fits).toBe(true);
  });

  it('counts an always-on service the manifest declares beside the functions (the relay), in both revisions', () => {
    const json = { ...JSON.parse(extendedManifest([]).text), relay: { dbPoolSize: 3 } };
    const [figures] = evaluateBudget(JSON.stringify(json), budgetVars);
    expect(figures).toMatchObject({ services: 3 * 2, functions: 5 * 10 * 2 });
    expect(figures).toEqual(connectionBudget(extendedManifest([]).manifest, json, vars));
  });

  it('fails with the figures when the functions would open too many connections', () => {
    const { text } = extendedManifest([fn('orders', { maxInstances: 10, dbPoolSize: 4 })]);
    const [figures, fits, error] = evaluateBudget(text, budgetVars);
    expect(figures).toMatchObject({ functions: (5 * 10 + 4 * 10) * 2 });
    expect(fits).toBe(false);
    expect(error).toContain(
      'Database connection budget exceeded during a deploy: functions 180 (90 per revision (sum of dbPoolSize * maxInstances in infra/routes.json) x 2 revisions during a deploy) + services 0 + tools 6 + monolith 60 + reserved 10 = 256 > db_max_connections 200',
    );
  });

  it('behind a transaction pooler counts the pooler\'s pools, one per function role, whichever revisions run', () => {
    const { text, manifest: big } = extendedManifest([fn('orders', { maxInstances: 40, dbPoolSize: 5 })]);
    const pooling = { mode: 'transaction', server_connections_per_role: 10 };
    const [figures, fits, error] = evaluateBudget(text, { ...budgetVars, db_pooling: pooling });
    expect(figures).toEqual(connectionBudget(big, JSON.parse(text) as Record<string, unknown>, { ...vars, pooling: { mode: 'transaction', serverConnectionsPerRole: 10 } }));
    expect(figures.functions).toBe(10 * 2);
    expect(fits).toBe(true);
    expect(error).toContain('functions 20 (10 pooler server connections x 2 function roles)');
  });
});
