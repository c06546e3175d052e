import { buildFunction } from '../../build.ts';
import { functionEntry, type FunctionSpec, type Manifest } from '../../manifest.ts';
import type { LocalPushIdentity } from '../../pubsub/push-identity.ts';
import { startFunction } from '../functions.ts';
import type { StackPorts } from './ports.ts';
import type { Running } from './shutdown.ts';

/** What every function of the stack may be given: where things run, and the push identity order-events trusts. */
export interface FunctionContext {
  databaseUrl: string;
  monolithUrl: string | null;
  dispatchUrl: string;
  pushIdentity: Pick<LocalPushIdentity, 'consumerEnv'>;
  /** The values of the secrets a function lists: the local stack's, or your monolith's. */
  secrets: (spec: Pick<FunctionSpec, 'secrets'>) => Record<string, string>;
}

// The local value of each setting a manifest entry may require under "env", by name.
const LOCAL_SETTINGS: Record<string, (context: FunctionContext) => string> = {
  DISPATCH_URL: (context) => context.dispatchUrl,
};

/**
 * A function's environment in the local stack, read from its manifest entry as infra/main.tf reads
 * it for the service: its pool size, the proxy hops, only the secrets and settings it lists (with
 * local values, or your monolith's secrets), a push consumer (no route points at it) its push
 * identity, and the monolith it forwards to.
 */
export function functionEnv(name: string, manifest: Manifest, context: FunctionContext): Record<string, string> {
  const spec = manifest.functions[name]!;
  const settings = Object.keys(spec.env).map((setting) => {
    const value = LOCAL_SETTINGS[setting];
    if (!value) throw new Error(`no local value for ${setting}, which ${name} requires in infra/routes.json: add one to LOCAL_SETTINGS in tools/stack/start/functions.ts`);
    return [setting, value(context)] as const;
  });
  const consumer = !manifest.routes.some((route) => route.function === name);
  return {
    DB_POOL_MAX: String(spec.dbPoolSize),
    // One proxy in front: the local load balancer.
    XFF_TRUSTED_HOPS: '1',
    ...context.secrets(spec),
    ...Object.fromEntries(settings),
    ...(consumer ? context.pushIdentity.consumerEnv : {}),
    ...(context.monolithUrl ? { MONOLITH_URL: context.monolithUrl } : {}),
  };
}

/** Builds every function in the manifest and starts each from its bundle on the next port; returns their URLs. */
export async function startFunctions(manifest: Manifest, context: FunctionContext, ports: StackPorts, running: Running): Promise<Record<string, string>> {
  const urls: Record<string, string> = {};
  for (const name of Object.keys(manifest.functions)) {
    const built = await buildFunction(name, functionEntry(name), manifest);
    const port = await ports.next(`function ${name}`);
    const fn = await startFunction(name, { databaseUrl: context.databaseUrl, extra: functionEnv(name, manifest, context) }, { port });
    running.add(fn);
    urls[name] = fn.url;
    console.log(`built ${name} (${(built.bytes / 1024).toFixed(1)} KiB)`);
  }
  return urls;
}
