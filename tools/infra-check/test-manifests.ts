/** Manifests for the infra-check tests: the real one with functions and routes added. */
import { parseManifest, type FunctionSpec, type Manifest, type Route } from '../manifest.ts';

export const fn = (name: string, overrides: Partial<FunctionSpec> = {}): [string, FunctionSpec] => [
  name,
  { memory: '256Mi', cpu: 1, concurrency: 80, maxInstances: 10, dbPoolSize: 5, billing: 'request', secrets: ['SECRET_KEY'], env: {}, topics: [], tables: { auth_user: ['SELECT'] }, ...overrides },
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

// A fixed base, so these tests do not change meaning as the real manifest grows.
const BASE = {
  functions: Object.fromEntries([fn('users')]),
  routes: [
    route('users-me', { function: 'users', pathTemplate: '/api/users/me/', methods: ['GET', 'HEAD', 'OPTIONS'] }),
    route('users-detail', { function: 'users', pathTemplate: '/api/users/{id}/', methods: ['GET', 'HEAD', 'OPTIONS'] }),
  ],
};

/** A users-only manifest plus the given functions and routes, validated like the real one. */
export function extendedManifest(functions: [string, FunctionSpec][], routes: Route[] = []): { manifest: Manifest; text: string } {
  const base = BASE;
  const text = JSON.stringify({ functions: { ...base.functions, ...Object.fromEntries(functions) }, routes: [...base.routes, ...routes] }, null, 2);
  return { manifest: parseManifest(text, 'test manifest'), text };
}
