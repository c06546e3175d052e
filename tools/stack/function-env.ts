import type { Manifest } from '../manifest.ts';
import { devSecrets } from './functions.ts';

/** What the local stack runs that a function's settings point at. */
export interface LocalServices {
  /** The dispatch partner stand-in. */
  dispatchUrl: string;
  /** The monolith shadow and bypass modes forward to, when Django is installed. */
  monolithUrl: string | null;
  /** A push consumer's PUSH_* settings: the stack's test key, in Google's place. */
  pushEnv: Record<string, string>;
}

// The local value of each setting a manifest entry may require under "env", by name.
const LOCAL_SETTINGS: Record<string, (local: LocalServices) => string> = {
  DISPATCH_URL: (local) => local.dispatchUrl,
};

/**
 * A function's environment in the local stack, read from its manifest entry as infra/main.tf reads
 * it for the service: its pool size, only the secrets and settings it lists (with local values),
 * a push consumer (no route points at it) its push identity, and the monolith it forwards to.
 */
export function localFunctionEnv(name: string, manifest: Manifest, local: LocalServices): Record<string, string> {
  const spec = manifest.functions[name]!;
  const settings = Object.keys(spec.env).map((setting) => {
    const value = LOCAL_SETTINGS[setting];
    if (!value) throw new Error(`no local value for ${setting}, which ${name} requires in infra/routes.json: add one to LOCAL_SETTINGS in tools/stack/function-env.ts`);
    return [setting, value(local)] as const;
  });
  const consumer = !manifest.routes.some((route) => route.function === name);
  return {
    DB_POOL_MAX: String(spec.dbPoolSize),
    // One proxy in front: the local load balancer.
    XFF_TRUSTED_HOPS: '1',
    ...devSecrets(spec),
    ...Object.fromEntries(settings),
    ...(consumer ? local.pushEnv : {}),
    ...(local.monolithUrl ? { MONOLITH_URL: local.monolithUrl } : {}),
  };
}
