import { buildFunction } from '../../build.ts';
import type { FunctionSpec, Manifest } from '../../manifest.ts';
import type { LocalPushIdentity } from '../../pubsub/push-identity.ts';
import { startFunction } from '../functions.ts';
import type { StackPorts } from './ports.ts';
import type { Running } from './shutdown.ts';

/** What every function of the stack may be given: where things run, and the push identity order-events trusts. */
export interface FunctionContext {
  databaseUrl: string;
  monolithUrl: string | null;
  dispatchUrl: string;
  pushIdentity: LocalPushIdentity;
  /** The values of the secrets a function lists: the local stack's, or your monolith's. */
  secrets: (spec: Pick<FunctionSpec, 'secrets'>) => Record<string, string>;
}

/**
 * One function's environment, as infra gives it: its pool size, the proxy
 * hops, only the secrets its manifest entry lists, and what its kind of
 * function reads (the dispatch partner; a push consumer, its push identity).
 */
export function functionEnv(name: string, spec: FunctionSpec, context: FunctionContext): Record<string, string> {
  return {
    DB_POOL_MAX: String(spec.dbPoolSize),
    XFF_TRUSTED_HOPS: '1',
    DISPATCH_URL: context.dispatchUrl,
    ...context.secrets(spec),
    ...(name === 'order-events' ? context.pushIdentity.consumerEnv : {}),
    ...(context.monolithUrl ? { MONOLITH_URL: context.monolithUrl } : {}),
  };
}

/** Builds every function in the manifest and starts each from its bundle on the next port; returns their URLs. */
export async function startFunctions(manifest: Manifest, context: FunctionContext, ports: StackPorts, running: Running): Promise<Record<string, string>> {
  const urls: Record<string, string> = {};
  for (const [name, spec] of Object.entries(manifest.functions)) {
    const built = await buildFunction(name, spec.entry, manifest);
    const port = await ports.next(`function ${name}`);
    const fn = await startFunction(name, { databaseUrl: context.databaseUrl, extra: functionEnv(name, spec, context) }, { port });
    running.add(fn);
    urls[name] = fn.url;
    console.log(`built ${name} (${(built.bytes / 1024).toFixed(1)} KiB)`);
  }
  return urls;
}
