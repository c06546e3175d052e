import { readFileSync } from 'node:fs';
import type { ObservedRoute } from './log-entry.ts';

// Injected by the build (tools/build.ts): each route's id, path template and methods.
declare const __CANOPY_OBSERVED_ROUTES__: ObservedRoute[] | undefined;

/** The manifest's routes as the request-log consumer matches them: built in, or read from infra/routes.json when run from source. */
export function observedRoutes(): readonly ObservedRoute[] {
  if (typeof __CANOPY_OBSERVED_ROUTES__ !== 'undefined') return __CANOPY_OBSERVED_ROUTES__;
  const manifest = JSON.parse(readFileSync(new URL('../../infra/routes.json', import.meta.url), 'utf8')) as { routes: ObservedRoute[] };
  return manifest.routes.map(({ id, pathTemplate, methods }) => ({ id, pathTemplate, methods }));
}
