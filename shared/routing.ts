/** A route of the manifest as functions and tools see it (tools/manifest.ts validates the file). */
export interface RouteSpec {
  id: string;
  function: string;
  pathTemplate: string;
  methods: string[];
  stage: 'shadow' | 'canary' | 'live' | 'off';
  weight: number;
  shadowUnsafe: 'dry-run' | 'skip';
  /** The route takes credentials: shadow recordings keep none of its request bodies. */
  credentials?: true;
  parity: Record<string, unknown>;
}

/** What a function does with a request of a route. */
export type RouteMode = 'serve' | 'shadow' | 'bypass';

/** Compiles a path template to a matcher, as the URL map's pathTemplateMatch: {var} is one segment. */
export function templateMatcher(template: string): RegExp {
  const pattern = template
    .split(/(\{[a-z_]+\})/)
    .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${pattern}$`);
}

/** The mode a route's stage implies until the mode store says otherwise. */
export function defaultMode(stage: RouteSpec['stage']): RouteMode {
  return stage === 'shadow' ? 'shadow' : stage === 'off' ? 'bypass' : 'serve';
}

/** Finds the route a request path belongs to, first match wins (the URL map's order). */
export function routeMatcher(routes: readonly RouteSpec[]): (path: string) => RouteSpec | null {
  const compiled = routes.map((route) => ({ route, matcher: templateMatcher(route.pathTemplate) }));
  return (path) => compiled.find((c) => c.matcher.test(path))?.route ?? null;
}
