import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { loadManifest, type Manifest } from '../../tools/manifest.ts';
import { startLoadBalancer } from '../../tools/stack/load-balancer.ts';
import { freePort } from '../../tools/stack/ports.ts';
import { browserHeaders } from './monolith-settings.ts';
import type { World } from './world.ts';

/** What the suites' load balancers tell the backends the client spoke: HTTPS when the monolith's cookies are Secure. */
export const balancerScheme = (): 'http' | 'https' => (Object.keys(browserHeaders()).length ? 'https' : 'http');

/**
 * The local load balancer in front of a world's monolith and functions, with the checked-in manifest;
 * HTTPS to the backends when the monolith's cookies are Secure, as the suites' browsers speak it then.
 */
export async function loadBalancerFor(world: World): Promise<{ server: Server; url: string }> {
  const port = await freePort();
  const functions = Object.fromEntries(Object.entries(world.functions).map(([name, service]) => [name, service.url]));
  const server = await startLoadBalancer(loadManifest(), { monolith: world.monolith.url, functions }, port, undefined, undefined, { scheme: balancerScheme() });
  return { server, url: `http://127.0.0.1:${port}` };
}

/** A load balancer whose monolith and users backends are one server recording the request headers it receives. */
export async function capturingLoadBalancer(manifest: Manifest, testerKey: string | null = null): Promise<{ url: string; seen: IncomingHttpHeaders[]; close(): void }> {
  const seen: IncomingHttpHeaders[] = [];
  const backend = createServer((req, res) => {
    seen.push(req.headers);
    res.end('ok');
  });
  await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r));
  const backendUrl = `http://127.0.0.1:${(backend.address() as { port: number }).port}`;
  const port = await freePort();
  const lb = await startLoadBalancer(manifest, { monolith: backendUrl, functions: { users: backendUrl } }, port, undefined, undefined, { testerKey });
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => {
      lb.close();
      backend.close();
    },
  };
}
