/**
 * `npm start`: the whole local stack on one machine — PostgreSQL (embedded,
 * or DATABASE_URL), the monolith under gunicorn (or yours, with
 * --monolith-url, --monolith-database-url and --settings-export), every function and the
 * outbox relay from their built bundles, each in its own process, the dispatch
 * partner stand-in, and the local load balancer on one port. Ctrl-C stops all of it.
 * Each step is a function of its own in tools/stack/start/.
 */
import { openSql } from '../../shared/db.ts';
import { migrateCanopySchema } from '../db-migrate.ts';
import { ManifestError } from '../manifest.ts';
import { syncModes } from '../modes.ts';
import { startLocalPushIdentity } from '../pubsub/push-identity.ts';
import { startDispatchStub } from './dispatch-stub.ts';
import { startEdge } from './start/edge.ts';
import { startEvents } from './start/events.ts';
import { startFunctions } from './start/functions.ts';
import { startReferenceMonolith, useExternalMonolith } from './start/monolith.ts';
import { readStackOptions } from './start/options.ts';
import { reservePorts } from './start/ports.ts';
import { readRoutes } from './start/routes.ts';
import { stopOnSignal } from './start/shutdown.ts';
import { announceStack } from './start/summary.ts';

async function main(): Promise<void> {
  const options = readStackOptions();
  const ports = await reservePorts(options.loadBalancerPort);
  const routes = readRoutes();
  const running = stopOnSignal();

  const dispatch = await startDispatchStub(ports.dispatch, Number(process.env.DISPATCH_LATENCY_MS ?? 100));
  const { database, monolith } = options.external
    ? await useExternalMonolith(options.external, routes.current())
    : await startReferenceMonolith({ fresh: options.fresh, django: options.django, dispatchUrl: dispatch.url }, running);

  await migrateCanopySchema(database.url);
  const sql = openSql(database.url, { max: 2 });
  await syncModes(sql, routes.current());
  // The key the stack signs pushes with, in Google's place; order-events trusts it (and nothing else) here.
  const pushIdentity = await startLocalPushIdentity();
  const functions = await startFunctions(routes.current(), { databaseUrl: database.url, monolithUrl: monolith.url, dispatchUrl: dispatch.url, pushIdentity, secrets: monolith.secrets }, ports, running);
  const events = await startEvents({ databaseUrl: database.url, orderEventsUrl: functions['order-events'], pushIdentity }, ports, running);

  const edge = await startEdge({ port: ports.loadBalancer, manifest: routes.current, sql, monolithUrl: monolith.url, functions });
  routes.watch(sql);
  announceStack({ edge, monolith, functions, dispatchUrl: dispatch.url, events, databaseUrl: database.url, manifest: routes.current() });
}

main().catch((error: Error) => {
  console.error(`canopy: ${error instanceof ManifestError ? `bad routes manifest: ${error.message}` : error.message}`);
  process.exit(1);
});
