/**
 * The URL map's route rules computed from the routes manifest, exactly as the
 * route_rules local in infra/modules/load-balancer/url-map.tf computes them
 * (the tests evaluate that local with Terraform and compare). Field names are
 * Terraform's, so the two compare as they are.
 */
import type { Manifest } from '../manifest.ts';
import { DOCS_PREFIX } from '../openapi/serve.ts';
import { COHORT_KEYS, cohortRegex, keyPresentRegex } from './cohorts.ts';

/** The monolith's backend in weighted backends: the URL map's default service. */
export const MONOLITH = 'monolith';

/** The request header that sends a tester to the function of a canary route whatever its weight, when it carries the tester key. */
export const TESTER_HEADER = 'x-canopy-tester';

export interface WeightedBackend {
  name: string;
  weight: number;
}

/** One header match beside the method's: the value equal to exact_match, or wholly matching regex_match. */
export interface HeaderMatch {
  header_name: string;
  exact_match: string | null;
  regex_match: string | null;
}

/** What a rule is for: tester routing, a sticky cohort's side, or the per-request split of everything else. */
export type RuleKind = 'tester' | 'cohort' | 'outside-cohort' | 'weighted';

export interface RouteRule {
  id: string;
  kind: RuleKind;
  priority: number;
  path_template: string;
  methods: string[];
  header_matches: HeaderMatch[];
  /** Removed before the request reaches the backend (the tester key never reaches a log). */
  request_headers_to_remove: string[];
  backends: WeightedBackend[];
}

const toFunction = (fn: string) => [{ name: fn, weight: 1000 }];
const toMonolith = [{ name: MONOLITH, weight: 1000 }];
const regex = (header_name: string, regex_match: string): HeaderMatch => ({ header_name, exact_match: null, regex_match });

/**
 * Each route's rules, tried in priority order (the route's manifest position
 * times 10, plus the rule's place, so an "off" route leaves a gap rather than
 * renumbering the rest). A canary route has, in order: the tester rule (when a
 * tester key is configured), then per cohort key (token, session) a rule for
 * credentials in the cohort (to the function) and one for the rest of them
 * (to the monolith), and last the per-request split by weight for requests
 * without a credential. A canary at 0 or 1000 has no cohort to keep. Shadow
 * and live send everything to the function, which shadows internally; off
 * routes are left out.
 */
export function urlMapRouteRules(manifest: Manifest, testerKey: string | null = null): RouteRule[] {
  return manifest.routes.flatMap((route, index) => {
    if (route.stage === 'off') return [];
    const base = { id: route.id, path_template: route.pathTemplate, methods: route.methods, request_headers_to_remove: [] as string[] };
    const priority = (place: number) => (index + 1) * 10 + place;
    const canary = route.stage === 'canary';
    const share = canary ? route.weight : 1000;
    const weighted: RouteRule = {
      ...base,
      kind: 'weighted',
      priority: priority(5),
      header_matches: [],
      backends: [
        { name: route.function, weight: share },
        { name: MONOLITH, weight: 1000 - share },
      ].filter((backend) => backend.weight > 0),
    };
    const tester: RouteRule[] =
      canary && testerKey !== null
        ? [
            {
              ...base,
              kind: 'tester',
              priority: priority(0),
              header_matches: [{ header_name: TESTER_HEADER, exact_match: testerKey, regex_match: null }],
              request_headers_to_remove: [TESTER_HEADER],
              backends: toFunction(route.function),
            },
          ]
        : [];
    const cohorts: RouteRule[] =
      canary && share > 0 && share < 1000
        ? COHORT_KEYS.flatMap((key, k): RouteRule[] => [
            { ...base, kind: 'cohort', priority: priority(1 + 2 * k), header_matches: [regex(key.header, cohortRegex(key, share))], backends: toFunction(route.function) },
            { ...base, kind: 'outside-cohort', priority: priority(2 + 2 * k), header_matches: [regex(key.header, keyPresentRegex(key))], backends: toMonolith },
          ])
        : [];
    return [...tester, ...cohorts, weighted];
  });
}

/** A rule of the API reference: the path itself (full_path_match) or everything under a prefix (prefix_match). */
export interface DocsRouteRule {
  priority: number;
  full_path_match: string | null;
  prefix_match: string | null;
}

/**
 * The API reference's route rules, as docs_route_rules in
 * infra/modules/load-balancer/docs.tf: /api/docs itself (the docs service
 * redirects it) and everything under /api/docs/, whatever the method, to the
 * docs service, before every manifest rule (their priorities start at 10).
 * The local load balancer routes by these too.
 */
export const DOCS_ROUTE_RULES: DocsRouteRule[] = [
  { priority: 1, full_path_match: DOCS_PREFIX.slice(0, -1), prefix_match: null },
  { priority: 2, full_path_match: null, prefix_match: DOCS_PREFIX },
];

/** Whether the URL map sends a request path (no query) to the API reference. */
export const isDocsPath = (path: string) =>
  DOCS_ROUTE_RULES.some((rule) => (rule.full_path_match !== null ? path === rule.full_path_match : path.startsWith(rule.prefix_match!)));
