import { describe, expect, it } from 'vitest';
import { loadManifest } from '../manifest.ts';
import { extendedManifest, fn } from '../infra-check/test-manifests.ts';
import { localFunctionEnv } from './function-env.ts';

const manifest = loadManifest();
const local = { dispatchUrl: 'http://127.0.0.1:9100', monolithUrl: 'http://127.0.0.1:8000', pushEnv: { PUSH_AUDIENCE: 'canopy-order-events' } };

describe("a function's local environment, from its manifest entry", () => {
  it.each(Object.keys(manifest.functions))('%s gets the settings and secrets it lists, and a push identity only as a push consumer', (name) => {
    const env = localFunctionEnv(name, manifest, local);
    const spec = manifest.functions[name]!;
    const consumer = !manifest.routes.some((route) => route.function === name);
    expect(Object.keys(env).sort()).toEqual(
      ['DB_POOL_MAX', 'XFF_TRUSTED_HOPS', 'MONOLITH_URL', ...spec.secrets, ...Object.keys(spec.env), ...(consumer ? ['PUSH_AUDIENCE'] : [])].sort(),
    );
    expect(env.DB_POOL_MAX).toBe(String(spec.dbPoolSize));
  });

  it('gives order-events the dispatch stand-in and the stack push identity; no routed function gets either', () => {
    expect(localFunctionEnv('order-events', manifest, local)).toMatchObject({ DISPATCH_URL: local.dispatchUrl, PUSH_AUDIENCE: 'canopy-order-events' });
    expect(localFunctionEnv('users', manifest, local)).not.toHaveProperty('DISPATCH_URL');
    expect(localFunctionEnv('users', manifest, local)).not.toHaveProperty('PUSH_AUDIENCE');
  });

  it('leaves MONOLITH_URL out when no monolith runs', () => {
    expect(localFunctionEnv('users', manifest, { ...local, monolithUrl: null })).not.toHaveProperty('MONOLITH_URL');
  });

  it('says in one line where to add a local value for a setting it does not know', () => {
    const { manifest: extended } = extendedManifest([fn('stock-events', { env: { WAREHOUSE_URL: 'the warehouse API' } })]);
    expect(() => localFunctionEnv('stock-events', extended, local)).toThrow(
      'no local value for WAREHOUSE_URL, which stock-events requires in infra/routes.json: add one to LOCAL_SETTINGS in tools/stack/function-env.ts',
    );
  });
});
