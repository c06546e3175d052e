/** The root module's locals, evaluated by Terraform itself, follow the routes manifest. */
import { parse } from '@cdktf/hcl2json';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { billingOf, loadManifest, MANIFEST_PATH } from '../manifest.ts';
import { behindPooler, pooledPoolSize, TOOL_POOLS } from '../db-pools.ts';
import { roleUrlVariable } from '../db-roles.ts';
import { loadRelayConfig } from '../../relay/config.ts';
import { budgetTotal, connectionBudget, perRevision } from './connection-budget.ts';
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
  /** Environment variable => secret (module.secrets key). */
  secrets: Record<string, string>;
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
    expect(more['orders']!.secrets).toEqual({ DATABASE_URL: 'ORDERS_DATABASE_URL', SECRET_KEY: 'SECRET_KEY', ORIGIN_TOKEN: 'ORIGIN_TOKEN' });
  });

  it.each(Object.entries(manifest.functions))('gives %s only its own DATABASE_URL (its role\'s, as db:migrate reads it) and the secrets its manifest entry lists', (name, spec) => {
    // Routed functions also get the monolith origin's token, for their shadow and bypass forwards.
    const origin = functions[name]!.routed ? { ORIGIN_TOKEN: 'ORIGIN_TOKEN' } : {};
    expect(functions[name]!.secrets).toEqual({ DATABASE_URL: roleUrlVariable(name), ...Object.fromEntries(spec.secrets.map((s) => [s, s])), ...origin });
  });

  it('behind a transaction pooler sizes each pool to the function\'s concurrency, as the tests run them (tools/db-pools.ts)', () => {
    const pooled = evaluate(root, ['local.functions'], { files: { 'routes.json': readFileSync(MANIFEST_PATH, 'utf8') }, vars: { db_pooling: { mode: 'transaction', server_connections_per_role: 10 } } })[0] as Record<string, TerraformFunction>;
    for (const [name, spec] of Object.entries(manifest.functions)) expect(pooled[name]!.db_pool_size).toBe(behindPooler(spec) ? pooledPoolSize(spec) : spec.dbPoolSize);
  });

  it('creates every secret the functions read, and the owner\'s DATABASE_URL for the build', () => {
    const [names] = evaluate(root, [expression(root.modules['secrets']!.names as string)], { files: { 'routes.json': readFileSync(MANIFEST_PATH, 'utf8') } }) as [string[]];
    const expected = ['DATABASE_URL', 'ORIGIN_TOKEN', ...Object.keys(manifest.functions).map(roleUrlVariable), ...Object.values(manifest.functions).flatMap((f) => f.secrets)];
    expect([...names].sort()).toEqual([...new Set(expected)].sort());
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
  const vars = { project_id: example.project_id, monolith: example.monolith, function_env: example.function_env };
  const render = (expressions: string[]) => evaluate(root, expressions, { files: { 'routes.json': readFileSync(MANIFEST_PATH, 'utf8') }, vars });

  it('gives every function DB_POOL_MAX = dbPoolSize, MONOLITH_URL from var.monolith, and its own function_env; a push consumer its push identity', () => {
    const [env] = render(['local.container_env']) as [Record<string, Record<string, string>>];
    const monolith = example.monolith as { fqdn: string; port: number };
    const extra = example.function_env as Record<string, Record<string, string>>;
    for (const [name, spec] of Object.entries(manifest.functions)) {
      const consumer = !manifest.routes.some((r) => r.function === name);
      const push = consumer ? { PUSH_AUDIENCE: `canopy-${name}`, PUSH_SERVICE_ACCOUNT: `canopy-pubsub-push@${String(example.project_id)}.iam.gserviceaccount.com` } : {};
      const stream = spec.stream ? { STREAM_LIFETIME_MS: String(spec.stream.lifetimeSeconds * 1000) } : {};
      expect(env[name]).toEqual({ DB_POOL_MAX: String(spec.dbPoolSize), MONOLITH_URL: `https://${monolith.fqdn}:${monolith.port}`, ...push, ...stream, ...extra[name] });
    }
    expect(env['order-events']).toHaveProperty('PUSH_AUDIENCE');
    expect(env['order-stream']).toHaveProperty('STREAM_LIFETIME_MS');
  });

  it('tells order-events the audience and the account its push subscription\'s tokens carry', () => {
    // modules/pubsub: oidc_token { service_account_email = <account push_service_account_id>, audience = service.audience (var.audience) }.
    const [env, audiences, id] = render(['local.container_env["order-events"]', 'local.audiences', 'local.push_service_account_id']) as [Record<string, string>, Record<string, string>, string];
    expect(env.PUSH_AUDIENCE).toBe(audiences['order-events']);
    expect(env.PUSH_SERVICE_ACCOUNT).toBe(`${id}@${String(example.project_id)}.iam.gserviceaccount.com`);
    expect(env).not.toHaveProperty('PUSH_JWKS_URL'); // production checks Google's keys
  });

  it('behind a transaction pooler tells every function so (DB_POOLING) and sizes its pool as tools/db-pools.ts does', () => {
    const [env] = evaluate(root, ['local.container_env'], {
      files: { 'routes.json': readFileSync(MANIFEST_PATH, 'utf8') },
      vars: { ...vars, db_pooling: { mode: 'transaction', server_connections_per_role: 10 } },
    }) as [Record<string, Record<string, string>>];
    for (const [name, spec] of Object.entries(manifest.functions)) {
      if (behindPooler(spec)) expect(env[name]).toMatchObject({ DB_POOLING: 'transaction', DB_POOL_MAX: String(pooledPoolSize(spec)) });
      // It LISTENs: direct, with its own pool (functions/order-stream/config.ts refuses DB_POOLING=transaction).
      else expect(env[name]).toMatchObject({ DB_POOL_MAX: String(spec.dbPoolSize) });
      if (!behindPooler(spec)) expect(env[name]).not.toHaveProperty('DB_POOLING');
    }
    expect(behindPooler(manifest.functions['order-stream']!)).toBe(false);
  });
});

describe("each function's required settings and topics, from its manifest entry", () => {
  const text = readFileSync(MANIFEST_PATH, 'utf8');
  const precondition = block(block(root.resources['terraform_data.required_function_env'], 'lifecycle'), 'precondition')!;
  // The resource's for_each entry, spelled as the local it iterates, so terraform console can evaluate it.
  const forSetting = (template: string, key: string) => template.replace(/\beach\.value\b/g, `local.required_function_env[${JSON.stringify(key)}]`);
  const check = (key: string, functionEnv: unknown) =>
    evaluate(root, [forSetting(expression(precondition.condition), key), forSetting(JSON.stringify(precondition.error_message as string), key)], {
      files: { 'routes.json': text },
      vars: { function_env: functionEnv },
    }) as [boolean, string];

  it('requires each "env" setting of each function, and only those', () => {
    const [required] = evaluate(root, ['local.required_function_env'], { files: { 'routes.json': text } }) as [Record<string, { function: string; setting: string; what: string }>];
    const expected = Object.entries(manifest.functions).flatMap(([name, spec]) =>
      Object.entries(spec.env).map(([setting, what]) => [`${name}.${setting}`, { function: name, setting, what }] as const),
    );
    expect(required).toEqual(Object.fromEntries(expected));
    expect(Object.keys(required)).toContain('order-events.DISPATCH_URL');
  });

  it("fails the plan without a required setting, in one line that says what to set; the example's function_env passes", () => {
    const [fits, message] = check('order-events.DISPATCH_URL', {});
    expect(fits).toBe(false);
    expect(message).toBe(
      `order-events needs DISPATCH_URL, ${manifest.functions['order-events']!.env.DISPATCH_URL}: set function_env = { "order-events" = { DISPATCH_URL = "..." } } (see terraform.tfvars.example).`,
    );
    expect(check('order-events.DISPATCH_URL', { 'order-events': { OTHER: 'x' } })[0]).toBe(false);
    expect(check('order-events.DISPATCH_URL', example.function_env)[0]).toBe(true);
  });

  it('pushes each topic to the function that lists it, for a new consumer too', () => {
    // A users-only manifest plus two consumers: one with a topic and a setting, one with neither.
    const { text: extended } = extendedManifest([fn('stock-events', { topics: ['stock-changed'], env: { WAREHOUSE_URL: 'the warehouse API' } }), fn('idle-events')]);
    const [topics, required] = evaluate(root, ['local.event_topics', 'local.required_function_env'], { files: { 'routes.json': extended } }) as [Record<string, unknown>, Record<string, unknown>];
    expect(topics).toEqual({ 'stock-changed': { consumer: 'stock-events', push_path: '/' } });
    expect(required).toEqual({ 'stock-events.WAREHOUSE_URL': { function: 'stock-events', setting: 'WAREHOUSE_URL', what: 'the warehouse API' } });
    const [real] = evaluate(root, ['local.event_topics'], { files: { 'routes.json': text } });
    expect(real).toEqual({ 'order-events': { consumer: 'order-events', push_path: '/' } });
  });
});

describe('database connection budget, during a deploy', () => {
  const precondition = block(block(root.resources['terraform_data.db_connection_budget'], 'lifecycle'), 'precondition')!;
  const condition = expression(precondition.condition);
  // The error message is a template: evaluate it as a string literal.
  const message = JSON.stringify(precondition.error_message as string);
  const toolDefaults = (root.variables['db_tool_connections'] as Block).default as Record<string, number>;
  const relayPoolDefault = (root.variables['relay_db_pool_size'] as Block).default as number;
  const vars = { monolith: budgetVars.db_monolith_connections, reserved: budgetVars.db_reserved_connections, tools: toolDefaults, relayPool: relayPoolDefault };

  const evaluateBudget = (text: string, tfvars: Record<string, unknown>) =>
    evaluate(root, ['local.db_connections', condition, message], { files: { 'routes.json': text }, vars: tfvars }) as [Block, boolean, string];

  it('counts the tools at the pool sizes they open (tools/db-pools.ts)', () => {
    expect(toolDefaults).toEqual(TOOL_POOLS);
  });

  it('counts both revisions of every function, the tools, the monolith and reserved, like the TypeScript budget, and fits with the example variables', () => {
    const text = readFileSync(MANIFEST_PATH, 'utf8');
    const [figures, fits, error] = evaluateBudget(text, budgetVars);
    const expected = connectionBudget(manifest, vars);
    // infra:check prints the arithmetic the plan checks.
    const arithmetic = error.replace(/^Database connection budget exceeded during a deploy: /, '').replace(/\. Lower.*$/, '');
    console.log(`connection budget during a deploy: ${fits ? arithmetic.replace(' > ', ' <= ') : arithmetic}`);
    expect(figures).toEqual(expected);
    expect(figures.functions).toBe(perRevision(manifest) * 2);
    expect(budgetTotal(expected)).toBeLessThanOrEqual(budgetVars.db_max_connections);
    expect(fits).toBe(true);
  });

  it('counts the relay\'s pool and its LISTEN connection, in both revisions, from the one variable that sizes its pool', () => {
    const { text, manifest: small } = extendedManifest([]);
    const [figures, , error] = evaluateBudget(text, { ...budgetVars, relay_db_pool_size: 3 });
    expect(figures).toMatchObject({ relay: (3 + 1) * 2, functions: 5 * 10 * 2 });
    expect(figures).toEqual(connectionBudget(small, { ...vars, relayPool: 3 }));
    expect(error).toContain('relay 8 (pool 3 + 1 LISTEN, x 2)');
    // Run without RELAY_DB_POOL_MAX (locally), the relay's pool is the size Terraform gives it by default.
    expect(loadRelayConfig({ DATABASE_URL: 'postgres://u:p@h/db', GOOGLE_CLOUD_PROJECT: 'p' }).poolSize).toBe(relayPoolDefault);
  });

  it('fails with the figures when the functions would open too many connections', () => {
    const { text } = extendedManifest([fn('orders', { maxInstances: 10, dbPoolSize: 4 })]);
    const [figures, fits, error] = evaluateBudget(text, budgetVars);
    expect(figures).toMatchObject({ functions: (5 * 10 + 4 * 10) * 2 });
    expect(fits).toBe(false);
    expect(error).toContain(
      'Database connection budget exceeded during a deploy: functions 180 (90 per revision (sum of (dbPoolSize + LISTEN) * maxInstances in infra/routes.json) x 2 revisions during a deploy) + relay 6 (pool 2 + 1 LISTEN, x 2) + tools 6 + monolith 60 + reserved 10 = 262 > db_max_connections 250',
    );
  });

  it('counts a streaming function\'s LISTEN connection beside its pool, per instance, and gives it a request timeout a minute above its stream lifetime', () => {
    const { text, manifest: streaming } = extendedManifest([fn('order-stream', { maxInstances: 3, dbPoolSize: 2, stream: { lifetimeSeconds: 600 } })]);
    const [figures] = evaluateBudget(text, budgetVars);
    expect(figures).toMatchObject({ functions: (5 * 10 + (2 + 1) * 3) * 2 });
    expect(figures).toEqual(connectionBudget(streaming, vars));
    const planned = functionsFor(text);
    expect(planned['order-stream']).toMatchObject({ timeout_seconds: 660, listen_connections: 1, stream_lifetime_ms: 600_000 });
    expect(planned['users']).toMatchObject({ timeout_seconds: 300, listen_connections: 0 });
    // Behind a transaction pooler it still connects directly: counted as above, beside the pooled roles.
    const pooling = { mode: 'transaction', server_connections_per_role: 10 };
    const [pooled, , error] = evaluateBudget(text, { ...budgetVars, db_pooling: pooling });
    expect(pooled).toMatchObject({ functions: 10 * 1 + (2 + 1) * 3 * 2 });
    expect(pooled).toEqual(connectionBudget(streaming, { ...vars, pooling: { mode: 'transaction', serverConnectionsPerRole: 10 } }));
    expect(error).toContain('functions 28 (10 pooler server connections x 1 function roles + 9 direct per revision (streaming functions: dbPoolSize + LISTEN) x 2 revisions)');
  });

  it('behind a transaction pooler counts the pooler\'s pools, one per function role, whichever revisions run', () => {
    const { text, manifest: big } = extendedManifest([fn('orders', { maxInstances: 40, dbPoolSize: 5 })]);
    const pooling = { mode: 'transaction', server_connections_per_role: 10 };
    const [figures, fits, error] = evaluateBudget(text, { ...budgetVars, db_pooling: pooling });
    expect(figures).toEqual(connectionBudget(big, { ...vars, pooling: { mode: 'transaction', serverConnectionsPerRole: 10 } }));
    expect(figures.functions).toBe(10 * 2);
    expect(fits).toBe(true);
    expect(error).toContain('functions 20 (10 pooler server connections x 2 function roles)');
  });
});
