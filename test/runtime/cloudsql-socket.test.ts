/**
 * Production's database path, here: PostgreSQL listening only on a Unix socket
 * in <tmp>/cloudsql/<project>:<region>:<instance>, as Cloud Run mounts a Cloud
 * SQL instance at /cloudsql, reached through the DATABASE_URL form
 * infra/README.md documents (the libpq one Django already reads). Every
 * function runs from its built bundle with exactly the environment Terraform
 * gives its service (rendered by `terraform console` from infra/) plus the
 * secrets Cloud Run fills from Secret Manager; db:migrate and modes run as
 * Cloud Build's steps do (DATABASE_URL from the same secret); the relay
 * publishes to the Pub/Sub emulator, which pushes to order-events. Google's
 * signing keys cannot be reached here: order-events checks push tokens
 * against a test key set instead (PUSH_JWKS_URL, the one variable added to
 * Terraform's), and the emulator's pushes are signed with that key for the
 * audience and account Terraform configures.
 */
import { PubSub } from '@google-cloud/pubsub';
import { parse } from '@cdktf/hcl2json';
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openSql, type Sql } from '../../shared/db.ts';
import { ORDER_EVENTS_TOPIC } from '../../shared/events/order-created.ts';
import { cloudbuildSteps, WITH_CLOUD_SQL } from '../../tools/infra-check/cloudbuild.ts';
import { renderRuntime, type Runtime } from '../../tools/infra-check/service-env.ts';
import { INFRA_DIR } from '../../tools/infra-check/terraform.ts';
import { roleUrlVariable } from '../../tools/db-roles.ts';
import { loadManifest } from '../../tools/manifest.ts';
import { startPubSubEmulator, type PubSubEmulator } from '../../tools/pubsub/emulator.ts';
import { startLocalPushIdentity, type LocalPushIdentity } from '../../tools/pubsub/push-identity.ts';
import { startPushSigner, type PushSigner } from '../../tools/pubsub/push-signer.ts';
import { createPushTopology } from '../../tools/pubsub/topology.ts';
import { startDispatchStub, type DispatchStub } from '../../tools/stack/dispatch-stub.ts';
import { startFunction } from '../../tools/stack/functions.ts';
import { DEV_SECRET_KEY, DEV_WEBHOOK_SECRET, manage } from '../../tools/stack/monolith.ts';
import { freePort } from '../../tools/stack/ports.ts';
import { createDatabase, startEmbeddedPostgres, type Database } from '../../tools/stack/postgres.ts';
import { startProcess, type Service } from '../../tools/stack/processes.ts';
import { delivery, event } from '../payments/delivery.ts';
import { send, type RawResponse } from '../support/http.ts';
import { roleUrl } from '../support/roles.ts';
import { SEED_PASSWORD, SEED_TOKENS } from '../../tools/seed-credentials.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ALICE_TOKEN = SEED_TOKENS.alice;
const run = promisify(execFile);

let scratch: string;
let runtime: Runtime;
let server: Database;
let databaseUrl: string;
let sql: Sql;
let dispatch: DispatchStub;
let emulator: PubSubEmulator | null = null;
let pushIdentity: LocalPushIdentity | null = null;
let pushSigner: PushSigner | null = null;
const services: Service[] = [];
const functions: Record<string, string> = {};

/** The operator's variables: the example production.tfvars, with the dispatch partner played here. */
async function productionVars(dispatchUrl: string): Promise<Record<string, unknown>> {
  const example = (await parse('terraform.tfvars.example', readFileSync(join(INFRA_DIR, 'terraform.tfvars.example'), 'utf8'))) as Record<string, unknown>;
  return {
    project_id: example.project_id,
    cloud_sql_instance: example.cloud_sql_instance,
    monolith: example.monolith,
    function_env: { 'order-events': { DISPATCH_URL: dispatchUrl } },
  };
}

/**
 * The secrets' values, by secret: the owner's DATABASE_URL (the build's), each
 * function's own as its role (db:migrate gives the role that password), and the keys.
 */
function secretValues(): Record<string, string> {
  const roles = Object.keys(loadManifest().functions).map((fn) => [roleUrlVariable(fn), roleUrl(databaseUrl, fn)]);
  return { DATABASE_URL: databaseUrl, SECRET_KEY: DEV_SECRET_KEY, PAYMENTS_WEBHOOK_SECRET: DEV_WEBHOOK_SECRET, ORIGIN_TOKEN: 'o'.repeat(64), ...Object.fromEntries(roles) };
}

/** A service's variables: Terraform's plain ones and its secrets, nothing else (startFunction adds what the image and Cloud Run set). */
function serviceEnv(name: string): Record<string, string> {
  const service = runtime.functions[name]!;
  const values = secretValues();
  const secrets = Object.entries(service.secrets).map(([variable, secret]) => {
    if (!(secret in values)) throw new Error(`Terraform gives ${name} the secret ${secret}, which this test has no value for`);
    return [variable, values[secret]!] as const;
  });
  return { ...service.env, ...Object.fromEntries(secrets) };
}

/**
 * What a Cloud Build step runs, with only its secretEnv (from Secret Manager) and PATH/HOME around it.
 * There the Cloud SQL Auth Proxy serves /cloudsql (cloud-sql.sh, which needs Google); here the socket is already served.
 */
function cloudBuildStep(id: string): Promise<{ stdout: string; stderr: string }> {
  const step = cloudbuildSteps(loadManifest()).find((s) => s.id === id)!;
  const line = step.script.split('\n').at(-1)!;
  expect(line.startsWith(`${WITH_CLOUD_SQL} `), `${id} runs without the Cloud SQL socket: ${line}`).toBe(true);
  const command = line.slice(WITH_CLOUD_SQL.length + 1);
  const env = Object.fromEntries((step.secretEnv ?? []).map((name) => [name, secretValues()[name]!]));
  return run('bash', ['-c', command], { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } });
}

const get = (fn: string, path: string, headers: Record<string, string> = {}) => send(functions[fn]!, { path, headers });
const json = (res: RawResponse) => JSON.parse(res.body.toString('utf8')) as Record<string, unknown>;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'canopy-cloudsql-'));
  chmodSync(scratch, 0o755); // the postgres system user must enter it
  dispatch = await startDispatchStub(await freePort(), 0);
  runtime = await renderRuntime(await productionVars(dispatch.url));
  // Where Cloud Run's /cloudsql is, here; the instance's socket directory inside it, colons and all.
  const cloudsql = join(scratch, 'cloudsql');
  server = await startEmbeddedPostgres({ dataDir: join(scratch, 'data'), port: 5432, socketDir: join(cloudsql, runtime.cloudSqlInstance), quiet: true });
  await createDatabase(server.adminUrl, 'canopy');
  // The secret's value as infra/README.md documents it, with /cloudsql where the socket is here.
  databaseUrl = `postgres://postgres:canopy-local@/canopy?host=${cloudsql}/${runtime.cloudSqlInstance}`;
  sql = openSql(databaseUrl, { max: 2 });
  // Django's own migrations and seed, through the same URL (the monolith reads it too).
  const monolithEnv = { databaseUrl, secretKey: DEV_SECRET_KEY, dispatchUrl: dispatch.url };
  await manage(inject('djangoPython'), monolithEnv, 'migrate', '--noinput');
  await manage(inject('djangoPython'), monolithEnv, 'seed');
});

afterAll(async () => {
  await Promise.all(services.map((s) => s.stop()));
  await emulator?.stop();
  await Promise.all([pushIdentity?.close(), pushSigner?.close()]);
  await sql?.end({ timeout: 1 });
  await dispatch?.close();
  await server?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('PostgreSQL only on the Cloud SQL socket', () => {
  it('has no TCP listener: every client below goes through the socket', async () => {
    const [row] = await sql<{ listen: string; sockets: string; client: string | null }[]>`
      select current_setting('listen_addresses') as listen, current_setting('unix_socket_directories') as sockets, inet_client_addr()::text as client`;
    expect(row).toEqual({ listen: '', sockets: join(scratch, 'cloudsql', runtime.cloudSqlInstance), client: null });
  });
});

describe('Cloud Build steps with the database secret', () => {
  it('db:migrate creates the canopy schema, then finds it up to date', async () => {
    const first = await cloudBuildStep('db-migrate');
    expect(first.stdout).toMatch(/applied \d+/);
    const [migrations] = await sql<{ n: number }[]>`select count(*)::int as n from canopy.schema_migrations`;
    expect(migrations!.n).toBeGreaterThan(0);
    expect((await cloudBuildStep('db-migrate')).stdout).toContain('canopy schema is up to date');
  });

  it('modes sync stores every route mode its stage implies', async () => {
    await cloudBuildStep('modes');
    const stored = await sql<{ route_id: string }[]>`select route_id from canopy.route_modes order by route_id`;
    expect(stored.map((r) => r.route_id)).toEqual(loadManifest().routes.map((r) => r.id).sort());
  });
});

describe('every function from its bundle with the environment Terraform gives it', () => {
  beforeAll(async () => {
    // The audience and account Terraform gives order-events are what its pushes are signed for.
    const consumer = serviceEnv('order-events');
    pushIdentity = await startLocalPushIdentity({ claims: { audience: consumer.PUSH_AUDIENCE!, serviceAccount: consumer.PUSH_SERVICE_ACCOUNT! } });
    for (const name of Object.keys(runtime.functions)) {
      const env: Record<string, string> = { ...serviceEnv(name), ...(name === 'order-events' && { PUSH_JWKS_URL: pushIdentity.jwksUrl }) };
      const fn = await startFunction(name, { databaseUrl: env.DATABASE_URL!, extra: env }, { port: await freePort() });
      services.push(fn);
      functions[name] = fn.url;
    }
  });

  it('renders one service per manifest function, each with its own role\'s database secret as DATABASE_URL', () => {
    expect(Object.keys(runtime.functions).sort()).toEqual(Object.keys(loadManifest().functions).sort());
    for (const [name, service] of Object.entries(runtime.functions)) expect(service.secrets.DATABASE_URL).toBe(roleUrlVariable(name));
  });

  it('users: GET /api/users/me/ reads the token and the user', async () => {
    const res = await get('users', '/api/users/me/', { Authorization: `Token ${ALICE_TOKEN}` });
    expect(res.status).toBe(200);
    expect(json(res).username).toBe('alice');
  });

  it('identity: a login writes a session row', async () => {
    const session = await get('identity', '/api/auth/session/');
    const csrf = /csrftoken=([^;]+)/.exec((session.headers['set-cookie'] ?? []).join('\n'))![1]!;
    const res = await send(functions.identity!, {
      method: 'POST',
      path: '/api/auth/login/',
      headers: { 'Content-Type': 'application/json', Cookie: `csrftoken=${csrf}`, 'X-CSRFToken': csrf },
      body: JSON.stringify({ username: 'alice', password: SEED_PASSWORD }),
    });
    expect(res.status).toBe(200);
    const key = /sessionid=([^;]+)/.exec((res.headers['set-cookie'] ?? []).join('\n'))![1]!;
    expect(await sql`select 1 from django_session where session_key = ${key}`).toHaveLength(1);
  });

  it('orders: GET /api/orders/ lists the seeded orders', async () => {
    const res = await get('orders', '/api/orders/', { Authorization: `Token ${ALICE_TOKEN}` });
    expect(res.status).toBe(200);
    expect(json(res).count).toBeGreaterThan(0);
  });

  it('payments-webhook: a signed payment marks a seeded order paid', async () => {
    const [order] = await sql<{ id: number }[]>`select id from orders_order where status = 'pending' order by id limit 1`;
    const eventId = `evt_cloudsql_${order!.id}`;
    const res = await send(functions['payments-webhook']!, delivery(event(eventId, { order_id: order!.id, amount: '42.00', currency: 'GBP' })));
    expect(res.status).toBe(200);
    expect(await sql`select 1 from payments_payment where provider_event_id = ${eventId}`).toHaveLength(1);
  });

  it('the relay publishes a new order to Pub/Sub and order-events applies it (audit entry, dispatch call)', async () => {
    const port = await freePort();
    emulator = await startPubSubEmulator({ port, project: runtime.projectId });
    const pubsub = new PubSub({ projectId: emulator.project, apiEndpoint: emulator.host });
    pushSigner = await startPushSigner(pushIdentity!, `${functions['order-events']!}/`);
    await createPushTopology(pubsub, { topic: ORDER_EVENTS_TOPIC, pushEndpoint: pushSigner.url });
    await pubsub.close();
    // The relay's service: the same database secret; Pub/Sub in the project (the emulator stands in for Google's).
    const relay = startProcess('relay', process.execPath, ['--import', 'tsx', 'tools/relay/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl, GOOGLE_CLOUD_PROJECT: runtime.projectId, PUBSUB_EMULATOR_HOST: emulator.host },
    });
    services.push({ name: 'relay', url: '', ...relay });

    const created = await send(functions.orders!, {
      method: 'POST',
      path: '/api/orders/',
      headers: { 'Content-Type': 'application/json', Authorization: `Token ${ALICE_TOKEN}` },
      body: JSON.stringify({ site: 2, product: 'adblue', quantity: '1200.5', window_start: '2026-12-01T08:00:00Z', window_end: '2026-12-02T08:00:00Z' }),
    });
    expect(created.status).toBe(201);
    const orderId = json(created).id as number;
    const deadline = Date.now() + 45_000;
    while (Date.now() < deadline && !dispatch.calls.some((c) => c.idempotencyKey === `order-${orderId}-created`)) {
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(dispatch.calls.filter((c) => c.idempotencyKey === `order-${orderId}-created`), relay.output()).toHaveLength(1);
    const [published] = await sql<{ published: boolean }[]>`
      select published_at is not null as published from canopy.outbox where payload::jsonb ->> 'order_id' = ${String(orderId)}`;
    expect(published?.published).toBe(true);
    const audit = await sql<{ action: string }[]>`select action from audit_auditentry where object_type = 'order' and object_id = ${String(orderId)}`;
    expect(audit.map((a) => a.action)).toContain('order.created');
  }, 120_000);
});
