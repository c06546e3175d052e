import type { Server } from 'node:http';
import { loadManifest } from '../../tools/manifest.ts';
import { startLoadBalancer } from '../../tools/stack/load-balancer.ts';
import { freePort } from '../../tools/stack/ports.ts';
import type { World } from './world.ts';

/** The local load balancer in front of a world's monolith and functions, with the checked-in manifest. */
export async function loadBalancerFor(world: World): Promise<{ server: Server; url: string }> {
  const port = await freePort();
  const functions = Object.fromEntries(Object.entries(world.functions).map(([name, service]) => [name, service.url]));
  const server = await startLoadBalancer(loadManifest(), { monolith: world.monolith.url, functions }, port);
  return { server, url: `http://127.0.0.1:${port}` };
}
