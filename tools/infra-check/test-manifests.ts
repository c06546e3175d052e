/** Manifests for the infra-check tests: the real one with functions and routes added. */
import { loadManifest, parseManifest, type FunctionSpec, type Manifest, type Route } from '../manifest.ts';

export const fn = (name: string, overrides: Partial<FunctionSpec> = {}): [string, FunctionSpec] => [
  name,
  { entry: `functions/${name}/index.ts`, memory: '256Mi', cpu: 1, concurrency: 80, maxInstances: 10, dbPoolSize: 5, ...overrides },
];

export const route = (id: string, fields: Partial<Route> & Pick<Route, 'function'>): Route => ({
  id,
  pathTemplate: `/api/${id}/`,
  methods: ['GET'],
  stage: 'live',
  weight: 1000,
  shadowUnsafe: 'skip',
  parity: { ignore: [] },
  ...fields,
});

/** The checked-in manifest plus the given functions and routes, validated like the real one. */
export function extendedManifest(functions: [string, FunctionSpec][], routes: Route[] = []): { manifest: Manifest; text: string } {
  const base = loadManifest();
  const text = JSON.stringify({ functions: { ...base.functions, ...Object.fromEntries(functions) }, routes: [...base.routes, ...routes] }, null, 2);
  return { manifest: parseManifest(text, 'test manifest'), text };
}
