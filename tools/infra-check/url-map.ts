/**
 * The URL map's route rules computed from the routes manifest, exactly as the
 * route_rules local in infra/modules/load-balancer/url-map.tf computes them
 * (the tests evaluate that local with Terraform and compare). Field names are
 * Terraform's, so the two compare as they are.
 */
import type { Manifest } from '../manifest.ts';

/** The monolith's backend in weighted backends: the URL map's default service. */
export const MONOLITH = 'monolith';

export interface WeightedBackend {
  name: string;
  weight: number;
}

export interface RouteRule {
  id: string;
  priority: number;
  path_template: string;
  methods: string[];
  backends: WeightedBackend[];
}

/**
 * canary splits by the route's weight (share to the function, of 1000) between
 * the function and the monolith; shadow and live send everything to the
 * function, which shadows internally; off routes are left out. Priority is the
 * route's position in the manifest.
 */
export function urlMapRouteRules(manifest: Manifest): RouteRule[] {
  return manifest.routes.flatMap((route, index) => {
    if (route.stage === 'off') return [];
    const toFunction = route.stage === 'canary' ? route.weight : 1000;
    const backends = [
      { name: route.function, weight: toFunction },
      { name: MONOLITH, weight: 1000 - toFunction },
    ].filter((backend) => backend.weight > 0);
    return [{ id: route.id, priority: index + 1, path_template: route.pathTemplate, methods: route.methods, backends }];
  });
}
