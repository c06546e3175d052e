/** The root module's locals, evaluated by Terraform itself, follow the routes manifest. */
import { parse } from '@cdktf/hcl2json';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { billingOf, loadManifest, MANIFEST_PATH } from '../manifest.ts';
import { budgetTotal, connectionBudget } from './connection-budget.ts';
import { extendedManifest, fn, route } from './test-manifests.ts';
import { block, expression, INFRA_DIR, loadTerraform, type Block } from './terraform.ts';
import { evaluate } from './terraform-eval.ts';

const manifest = loadManifest();
const root = (await loadTerraform()).get('')!;
const fnModule = (await loadTerraform()).get('modules/function-service')!;
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
  secrets: string[];
  billing: 'request' | 'instance';
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
      billing: billingOf(manifest, name).mode,
    });
  });

  it('bills a function per instance while a route of it is in shadow, as billingOf does, and otherwise as its manifest field says', () => {
    const { manifest: extended, text } = extendedManifest(
      [fn('orders', { billing: 'request' }), fn('identity', { billing: 'instance' }), fn('order-events', { billing: 'request' })],
      [route('orders-list', { function: 'orders', stage: 'shadow', weight: 1000 }), route('auth-login', { function: 'identity', stage: 'canary', weight: 50 })],
    );
    const billed = functionsFor(text);
    expect(billed['orders']!.billing).toBe('instance');
    expect(billed['identity']!.billing).toBe('instance');
    expect(billed['order-events']!.billing).toBe('request');
    expect(billed['users']!.billing).toBe('request');
    for (const name of Object.keys(billed)) expect(billed[name]!.billing, name).toBe(billingOf(extended, name).mode);
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
    expect(more['orders']!.secrets).toEqual(['DATABASE_URL', 'SECRET_KEY', 'ORIGIN_TOKEN']);
    expect(more['order-events']!.secrets).toEqual(['DATABASE_URL', 'SECRET_KEY']);
    expect(more['payments-webhook']!.secrets).toEqual(['DATABASE_URL', 'SECRET_KEY', 'ORIGIN_TOKEN', 'PAYMENTS_WEBHOOK_SECRET']);
  });
});

describe('billing mode of a function service (modules/function-service)', () => {
  const spec = (billing: string) => ({ memory: '256Mi', cpu: '1000m', concurrency: 80, max_instances: 10, db_pool_size: 5, routed: true, billing });

  it.each([
    ['request', { cpu_idle: true, startup_cpu_boost: true }],
    ['instance', { cpu_idle: false, startup_cpu_boost: true }],
  ])('%s billing sets cpu_idle and startup CPU boost on the revision', (billing, expected) => {
    expect(evaluate(fnModule, ['local.billing'], { vars: { spec: spec(billing) } })[0]).toEqual(expected);
  });

  it('refuses any other billing mode, naming the manifest field', () => {
    // Terraform wraps the message over lines in its error box.
    expect(() => evaluate(fnModule, ['local.billing'], { vars: { spec: spec('always') } })).toThrow(/spec\.billing must be "request" or "instance"/);
  });
});

describe('local.container_env (each function container\'s plain variables, all of them)', () => {
  it('gives every function DB_POOL_MAX = dbPoolSize, MONOLITH_URL from var.monolith, and its own function_env', () => {
    const vars = { monolith: example.monolith, function_env: example.function_env };
    const [env] = evaluate(root, ['local.container_env'], { files: { 'routes.json': readFileSync(MANIFEST_PATH, 'utf8') }, vars }) as [Record<string, Record<string, string>>];
    const monolith = example.monolith as { fqdn: string; port: number };
    const extra = example.function_env as Record<string, Record<string, string>>;
    for (const [name, spec] of Object.entries(manifest.functions)) {
      expect(env[name]).toEqual({ DB_POOL_MAX: String(spec.dbPoolSize), MONOLITH_URL: `https://${monolith.fqdn}:${monolith.port}`, ...extra[name] });
    }
  });
});

describe('database connection budget', () => {
  const precondition = block(block(root.resources['terraform_data.db_connection_budget'], 'lifecycle'), 'precondition')!;
  const condition = expression(precondition.condition);
  // The error message is a template: evaluate it as a string literal.
  const message = JSON.stringify(precondition.error_message as string);

  const evaluateBudget = (text: string, vars: Record<string, number>) =>
    evaluate(root, ['local.db_connections', condition, message], { files: { 'routes.json': text }, vars }) as [Block, boolean, string];

  it('sums dbPoolSize x maxInstances like the TypeScript budget, and fits with the example variables', () => {
    const [figures, fits] = evaluateBudget(readFileSync(MANIFEST_PATH, 'utf8'), budgetVars);
    const expected = connectionBudget(manifest, budgetVars.db_monolith_connections, budgetVars.db_reserved_connections);
    expect(figures).toEqual(expected);
    expect(budgetTotal(expected)).toBeLessThanOrEqual(budgetVars.db_max_connections);
    expect(fits).toBe(true);
  });

  it('fails with the figures when the functions would open too many connections', () => {
    const { text } = extendedManifest([fn('orders', { maxInstances: 40, dbPoolSize: 5 })]);
    const [figures, fits, error] = evaluateBudget(text, budgetVars);
    expect(figures).toMatchObject({ functions: 5 * 10 + 5 * 40 });
    expect(fits).toBe(false);
    expect(error).toContain('Database connection budget exceeded: functions 250 (sum of dbPoolSize * maxInstances in infra/routes.json) + monolith 60 + reserved 10 = 320 > db_max_connections 200');
  });
});
