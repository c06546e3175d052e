import { randomBytes } from 'node:crypto';
import type postgres from 'postgres';
import { createDashboard } from '../../dashboard/server.ts';
import type { Manifest } from '../../manifest.ts';
import { serveDocs } from '../../openapi/site.ts';
import { DOCS_PREFIX, startLoadBalancer } from '../load-balancer.ts';
import { loadLoginThrottle } from '../login-throttle.ts';
import { observationSink } from '../observations.ts';

/** The load balancer's URL, the API reference's, and the run's secrets for the dashboard and tester routing. */
export interface Edge {
  url: string;
  docsUrl: string;
  dashboardToken: string;
  testerKey: string;
}

/**
 * The local load balancer on `port`, applying the manifest `manifest()`
 * returns at each request, recording observations, serving the dashboard
 * and the API reference.
 */
export async function startEdge(
  options: { port: number; manifest: () => Manifest; sql: postgres.Sql; monolithUrl: string | null; functions: Record<string, string> },
): Promise<Edge> {
  const url = `http://127.0.0.1:${options.port}`;
  // Changes through the dashboard (the kill switch) need this run's token: only who can read the printed link or stack.json has it.
  const dashboardToken = randomBytes(24).toString('base64url');
  const dashboard = createDashboard({ sql: options.sql, manifest: options.manifest, baseUrl: url, token: dashboardToken });
  // Tester routing (X-Canopy-Tester) as production's URL map applies it, with this run's key unless one is given.
  const testerKey = process.env.CANOPY_TESTER_KEY ?? randomBytes(24).toString('base64url');
  await startLoadBalancer(options.manifest, { monolith: options.monolithUrl, functions: options.functions }, options.port, observationSink(options.sql).observe, dashboard, {
    loginThrottle: loadLoginThrottle(),
    testerKey,
    docs: serveDocs(options.manifest),
  });
  return { url, docsUrl: `${url}${DOCS_PREFIX}`, dashboardToken, testerKey };
}
