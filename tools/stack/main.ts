/**
 * `npm start`: the whole local stack on one machine — PostgreSQL (embedded,
 * or DATABASE_URL), the monolith under gunicorn, every function and the
 * outbox relay from their built bundles, each in its own process, the dispatch
 * partner stand-in, and the local load balancer on one port. Ctrl-C stops all of it.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type postgres from 'postgres';
import { openSql } from '../../shared/db.ts';
import { buildFunction, buildRelay } from '../build.ts';
import { migrateCanopySchema } from '../db-migrate.ts';
import { createDashboard } from '../dashboard/server.ts';
import { serveDocs } from '../openapi/site.ts';
import { syncModes } from '../modes.ts';
import { functionEntry, loadManifest, MANIFEST_PATH, ManifestError, type Manifest } from '../manifest.ts';
import { describePosition } from '../rollout/ladder.ts';
import { watchManifest } from '../rollout/manifest-file.ts';
import { SNAPSHOT_PATH } from '../schema-snapshot.ts';
import { startLocalPushIdentity } from '../pubsub/push-identity.ts';
import { startEventPath } from './event-path.ts';
import { startDispatchStub } from './dispatch-stub.ts';
import { STACK_FILE, STATE_DIR } from './state.ts';
import { startFunction } from './functions.ts';
import { localFunctionEnv } from './function-env.ts';
import { DOCS_PREFIX, startLoadBalancer } from './load-balancer.ts';
import { loadLoginThrottle } from './login-throttle.ts';
import { observationSink } from './observations.ts';
import { ensureDjango, selectedDjangoVersion } from './django-versions.ts';
import { DEV_SECRET_KEY, DJANGO_PACKAGES, findDjangoPython, manage, startMonolith } from './monolith.ts';
import { isPortFree } from './ports.ts';
import { databaseExists, createDatabase, openDatabaseServer } from './postgres.ts';
import type { Service } from './processes.ts';

const DB_NAME = 'canopy';

async function requirePort(port: number, what: string, variable: string): Promise<number> {
  if (!(await isPortFree(port))) throw new Error(`port ${port} (${what}) is in use: stop what listens there or set ${variable}`);
  return port;
}

/**
 * Applies a changed manifest (the load balancer reads it per request):
 * routes whose stage changed get that stage's mode (kill switches kept), as
 * `npm run modes -- sync` does after a deploy. Logs one line.
 */
async function reloadManifest(sql: postgres.Sql, previous: Manifest, next: Manifest): Promise<void> {
  const changed = next.routes.filter((r) => {
    const before = previous.routes.find((p) => p.id === r.id);
    return before?.stage !== r.stage || before.weight !== r.weight;
  });
  const restaged = changed.filter((r) => previous.routes.find((p) => p.id === r.id)?.stage !== r.stage);
  await syncModes(sql, { ...next, routes: restaged });
  const functionsChanged = Object.keys(next.functions).sort().join() !== Object.keys(previous.functions).sort().join();
  console.log(
    `canopy: routes manifest reloaded: ${changed.map((r) => `${r.id} ${describePosition(r)}`).join(', ') || 'no stage or weight changed'}` +
      (functionsChanged ? '; its functions changed: restart npm start to run them' : ''),
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      fresh: { type: 'boolean', default: false },
      port: { type: 'string', default: process.env.PORT ?? '8080' },
      django: { type: 'string', default: process.env.CANOPY_DJANGO },
    },
  });
  const djangoVersion = selectedDjangoVersion(values.django);
  const lbPort = await requirePort(Number(values.port), 'load balancer', 'PORT or --port');
  let manifest = loadManifest();
  const monolithPort = await requirePort(Number(process.env.MONOLITH_PORT ?? 8000), 'monolith', 'MONOLITH_PORT');
  const dispatchPort = await requirePort(Number(process.env.DISPATCH_PORT ?? 9100), 'dispatch stand-in', 'DISPATCH_PORT');
  const firstFunctionPort = Number(process.env.FUNCTIONS_PORT ?? 8081);

  mkdirSync(STATE_DIR, { recursive: true });
  const db = await openDatabaseServer({ dataDir: join(STATE_DIR, 'pg'), port: Number(process.env.PGPORT ?? 54329), fresh: values.fresh });
  const services: Service[] = [];
  const shutdown = async () => {
    console.log('\nstopping…');
    await Promise.all(services.map((s) => s.stop()));
    await db.stop();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);

  const fresh = !(await databaseExists(db.adminUrl, DB_NAME));
  if (fresh) await createDatabase(db.adminUrl, DB_NAME);
  const databaseUrl = db.urlFor(DB_NAME);
  const dispatch = await startDispatchStub(dispatchPort, Number(process.env.DISPATCH_LATENCY_MS ?? 100));

  const pythonPath = await ensureDjango(djangoVersion);
  const python = await findDjangoPython(pythonPath);
  const monolithEnv = { databaseUrl, secretKey: DEV_SECRET_KEY, dispatchUrl: dispatch.url, pythonPath };
  let monolithUrl: string | null = null;
  if (python) {
    await manage(python, monolithEnv, 'migrate', '--noinput');
    process.stdout.write(await manage(python, monolithEnv, 'seed'));
    const monolith = await startMonolith(python, monolithEnv, { port: monolithPort });
    services.push(monolith);
    monolithUrl = monolith.url;
  } else {
    console.log(`canopy: Django is not installed, so the monolith is not running (apt-get install ${DJANGO_PACKAGES}); functions still serve on the schema snapshot.`);
    if (fresh) {
      const sql = openSql(databaseUrl, { max: 1 });
      await sql.unsafe(readFileSync(SNAPSHOT_PATH, 'utf8'));
      await sql.end();
    }
  }

  await migrateCanopySchema(databaseUrl);
  const sql = openSql(databaseUrl, { max: 2 });
  await syncModes(sql, manifest);
  // The key the stack signs pushes with, in Google's place; order-events trusts it (and nothing else) here.
  const pushIdentity = await startLocalPushIdentity();
  const functionUrls: Record<string, string> = {};
  let port = firstFunctionPort;
  for (const name of Object.keys(manifest.functions)) {
    const built = await buildFunction(name, functionEntry(name), manifest);
    const fnPort = await requirePort(port++, `function ${name}`, 'FUNCTIONS_PORT');
    const extra = localFunctionEnv(name, manifest, { dispatchUrl: dispatch.url, monolithUrl, pushEnv: pushIdentity.consumerEnv });
    const fn = await startFunction(name, { databaseUrl, extra }, { port: fnPort });
    services.push(fn);
    functionUrls[name] = fn.url;
    console.log(`built ${name} (${(built.bytes / 1024).toFixed(1)} KiB)`);
  }
  // What the monolith's order signal did, the async way (README "Async work").
  let events: string | null = null;
  if (functionUrls['order-events']) {
    const relay = await buildRelay();
    const path = await startEventPath({
      databaseUrl,
      consumerUrl: `${functionUrls['order-events']}/`,
      pubsubPort: Number(process.env.PUBSUB_PORT ?? 8681),
      relayPort: await requirePort(port++, 'relay health', 'FUNCTIONS_PORT'),
      identity: pushIdentity,
    });
    services.push(path.relay);
    events = path.summary;
    console.log(`built relay (${(relay.bytes / 1024).toFixed(1)} KiB)`);
  }
  const loadBalancerUrl = `http://127.0.0.1:${lbPort}`;
  // Changes through the dashboard (the kill switch) need this run's token: only who can read the printed link or stack.json has it.
  const dashboardToken = randomBytes(24).toString('base64url');
  const dashboard = createDashboard({ sql, manifest: () => manifest, baseUrl: loadBalancerUrl, token: dashboardToken });
  // Tester routing (X-Canopy-Tester) as production's URL map applies it, with this run's key unless one is given.
  const testerKey = process.env.CANOPY_TESTER_KEY ?? randomBytes(24).toString('base64url');
  await startLoadBalancer(() => manifest, { monolith: monolithUrl, functions: functionUrls }, lbPort, observationSink(sql).observe, dashboard, {
    loginThrottle: loadLoginThrottle(),
    testerKey,
    docs: serveDocs(() => manifest),
  });
  // A bad edit keeps the last good manifest in force, as a failed terraform plan would.
  watchManifest(
    MANIFEST_PATH,
    (next) => {
      const previous = manifest;
      manifest = next;
      reloadManifest(sql, previous, next).catch((error: Error) => console.log(`canopy: route modes not synced after the manifest changed: ${error.message}`));
    },
    (error) => console.log(`canopy: routes manifest not applied, keeping the last good one: ${error.message}`),
  );

  const stack = {
    loadBalancer: loadBalancerUrl,
    monolith: monolithUrl,
    functions: functionUrls,
    dispatch: dispatch.url,
    dashboard: `${loadBalancerUrl}/_canopy/#token=${dashboardToken}`,
    dashboardToken,
    docs: `${loadBalancerUrl}${DOCS_PREFIX}`,
    testerKey,
    database: databaseUrl.replace(/:[^:@/]+@/, ':***@'),
    routes: manifest.routes.map((r) => ({ id: r.id, path: r.pathTemplate, function: r.function, stage: r.stage, weight: r.weight })),
  };
  // Readable by its owner only: it holds the database URL, the dashboard's token and the tester key.
  writeFileSync(STACK_FILE, `${JSON.stringify({ ...stack, database: databaseUrl }, null, 2)}\n`, { mode: 0o600 });
  console.log('\nCanopy local stack');
  console.log(`  load balancer   ${stack.loadBalancer}   (routes below; everything else -> monolith)`);
  console.log(`  dashboard       ${stack.dashboard}   (the link carries this run's token for the kill switch)`);
  console.log(`  API reference   ${stack.docs}   (OpenAPI 3.1: ${stack.docs}openapi.json)`);
  console.log(`  tester routing  header X-Canopy-Tester with the testerKey in ${STACK_FILE} (canary routes, any weight)`);
  console.log(`  monolith        ${monolithUrl ? `${monolithUrl}   (Django ${djangoVersion})` : 'not running (Django not installed)'}`);
  for (const [name, url] of Object.entries(functionUrls)) console.log(`  ${name.padEnd(15)} ${url}`);
  console.log(`  dispatch stub   ${dispatch.url}`);
  if (events) console.log(`  order events    ${events}`);
  console.log(`  postgres        ${stack.database}`);
  for (const r of stack.routes) console.log(`  route ${r.path.padEnd(22)} -> ${r.function} (${r.stage}, ${r.weight}/1000)`);
  console.log(`  state           ${STACK_FILE}\nCtrl-C stops everything.`);
}

main().catch((error: Error) => {
  console.error(`canopy: ${error instanceof ManifestError ? `bad routes manifest: ${error.message}` : error.message}`);
  process.exit(1);
});
