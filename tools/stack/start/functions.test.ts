import { describe, expect, it } from 'vitest';
import { loadManifest } from '../../manifest.ts';
import { extendedManifest, fn } from '../../infra-check/test-manifests.ts';
import { devSecrets } from '../functions.ts';
import { functionEnv, type FunctionContext } from './functions.ts';

const manifest = loadManifest();
const local: FunctionContext = {
  databaseUrl: 'postgres://127.0.0.1:5432/canopy',
  dispatchUrl: 'http://127.0.0.1:9100',
  monolithUrl: 'http://127.0.0.1:8000',
  pushIdentity: { consumerEnv: { PUSH_AUDIENCE: 'canopy-order-events' } },
  secrets: devSecrets,
};

describe("a function's local environment, from its manifest entry", () => {
  it.each(Object.keys(manifest.functions))('%s gets the settings and secrets it lists, and a push identity only as a push consumer', (name) => {
    const env = functionEnv(name, manifest, local);
    const spec = manifest.functions[name]!;
    const consumer = !manifest.routes.some((route) => route.function === name);
    expect(Object.keys(env).sort()).toEqual(
      ['DB_POOL_MAX', 'XFF_TRUSTED_HOPS', 'MONOLITH_URL', ...spec.secrets, ...Object.keys(spec.env), ...(consumer ? ['PUSH_AUDIENCE'] : [])].sort(),
    );
    expect(env.DB_POOL_MAX).toBe(String(spec.dbPoolSize));
  });

  it('gives order-events the dispatch stand-in and the stack push identity; no routed function gets either', () => {
    expect(functionEnv('order-events', manifest, local)).toMatchObject({ DISPATCH_URL: local.dispatchUrl, PUSH_AUDIENCE: 'canopy-order-events' });
    expect(functionEnv('users', manifest, local)).not.toHaveProperty('DISPATCH_URL');
    expect(functionEnv('users', manifest, local)).not.toHaveProperty('PUSH_AUDIENCE');
  });

  it('leaves MONOLITH_URL out when no monolith runs', () => {
    expect(functionEnv('users', manifest, { ...local, monolithUrl: null })).not.toHaveProperty('MONOLITH_URL');
  });

  it('says in one line where to add a local value for a setting it does not know', () => {
    const { manifest: extended } = extendedManifest([fn('stock-events', { env: { WAREHOUSE_URL: 'the warehouse API' } })]);
    expect(() => functionEnv('stock-events', extended, local)).toThrow(
      'no local value for WAREHOUSE_URL, which stock-events requires in infra/routes.json: add one to LOCAL_SETTINGS in tools/stack/start/functions.ts',
    );
  });
});
