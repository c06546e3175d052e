/**
 * The local load balancer in a process of its own, for the mixed-traffic
 * scenario: in the bench's process it would take CPU and event-loop time from
 * the load generator and be metered as the client. Started by mixed.ts as
 * `node --import tsx load-balancer-process.ts <json>` with the port, the
 * manifest and the backends; it serves until SIGTERM.
 */
import { startLoadBalancer, type Backends } from '../stack/load-balancer.ts';
import type { Manifest } from '../manifest.ts';

const { port, manifest, backends } = JSON.parse(process.argv[2]!) as { port: number; manifest: Manifest; backends: Backends };
const server = await startLoadBalancer(manifest, backends, port);
process.once('SIGTERM', () => server.close(() => process.exit(0)));
console.log(`load balancer on ${port}`);
