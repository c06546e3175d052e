import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadManifest, MANIFEST_PATH, parseManifest } from '../manifest.ts';
import { extendedManifest, fn, route } from './test-manifests.ts';
import { loadTerraform } from './terraform.ts';
import { evaluate } from './terraform-eval.ts';
import { MONOLITH, TESTER_HEADER, urlMapRouteRules } from './url-map.ts';

const { manifest: staged, text: stagedText } = extendedManifest(
  [fn('orders')],
  [
    route('orders-create', { function: 'orders', methods: ['POST'], stage: 'canary', weight: 50 }),
    route('orders-list', { function: 'orders', stage: 'off', weight: 0 }),
    route('orders-detail', { function: 'orders', pathTemplate: '/api/orders/{id}/', stage: 'shadow' }),
    route('orders-cancel', { function: 'orders', methods: ['POST', 'PUT'], stage: 'canary', weight: 0 }),
  ],
);

describe('urlMapRouteRules', () => {
  const rules = urlMapRouteRules(staged);
  // The per-request split of each route (its last rule).
  const byId = Object.fromEntries(rules.filter((r) => r.kind === 'weighted').map((r) => [r.id, r]));

  it('splits a canary route by its weight: function 50, monolith 950', () => {
    expect(byId['orders-create']!.backends).toEqual([
      { name: 'orders', weight: 50 },
      { name: MONOLITH, weight: 950 },
    ]);
  });

  it('sends shadow and live routes wholly to the function', () => {
    expect(byId['orders-detail']!.backends).toEqual([{ name: 'orders', weight: 1000 }]);
    expect(byId['users-me']!.backends).toEqual([{ name: 'users', weight: 1000 }]);
  });

  it('leaves off routes out, and a 0-weight backend out of a canary', () => {
    expect(byId['orders-list']).toBeUndefined();
    expect(byId['orders-cancel']!.backends).toEqual([{ name: MONOLITH, weight: 1000 }]);
  });

  it('gives priorities in manifest order, increasing, with a gap where a route is off', () => {
    expect(rules.map((r) => [r.id, r.kind, r.priority])).toEqual([
      ['users-me', 'weighted', 15],
      ['users-detail', 'weighted', 25],
      ['orders-create', 'cohort', 31],
      ['orders-create', 'outside-cohort', 32],
      ['orders-create', 'cohort', 33],
      ['orders-create', 'outside-cohort', 34],
      ['orders-create', 'weighted', 35],
      ['orders-detail', 'weighted', 55],
      ['orders-cancel', 'weighted', 65],
    ]);
  });

  it('keys a canary\'s cohorts on the token, then the session, and sends the rest of each to the monolith', () => {
    const create = rules.filter((r) => r.id === 'orders-create' && r.kind !== 'weighted');
    expect(create.map((r) => [r.kind, r.header_matches[0]!.header_name, r.backends[0]!.name])).toEqual([
      ['cohort', 'authorization', 'orders'],
      ['outside-cohort', 'authorization', MONOLITH],
      ['cohort', 'cookie', 'orders'],
      ['outside-cohort', 'cookie', MONOLITH],
    ]);
  });

  it('puts a tester rule first on canary routes only, when a tester key is configured, and removes the header', () => {
    const testers = urlMapRouteRules(staged, 'k'.repeat(32)).filter((r) => r.kind === 'tester');
    expect(testers.map((r) => [r.id, r.priority, r.backends])).toEqual([
      ['orders-create', 30, [{ name: 'orders', weight: 1000 }]],
      ['orders-cancel', 60, [{ name: 'orders', weight: 1000 }]],
    ]);
    expect(testers[0]).toMatchObject({ header_matches: [{ header_name: TESTER_HEADER, exact_match: 'k'.repeat(32) }], request_headers_to_remove: [TESTER_HEADER] });
  });

  it('keeps path template and methods', () => {
    expect(byId['orders-detail']).toMatchObject({ path_template: '/api/orders/{id}/', methods: ['GET'] });
  });
});

describe('the Terraform route_rules local', async () => {
  const terraform = await loadTerraform();
  const root = terraform.get('')!;
  const loadBalancer = terraform.get('modules/load-balancer')!;

  /** The manifest through root's local.routes into the load balancer's local.route_rules, as terraform plan would. */
  const terraformRules = (text: string, testerKey: string | null = null) => {
    const [routes] = evaluate(root, ['local.routes'], { files: { 'routes.json': text } });
    const functions = Object.fromEntries((routes as { function: string }[]).map((r) => [r.function, r.function]));
    return evaluate(loadBalancer, ['local.route_rules'], { vars: { routes, functions, tester_key: testerKey } })[0];
  };

  it('equals urlMapRouteRules for the checked-in manifest', () => {
    expect(terraformRules(readFileSync(MANIFEST_PATH, 'utf8'))).toEqual(urlMapRouteRules(loadManifest()));
  });

  it('equals urlMapRouteRules for a manifest with canary, shadow and off routes, with and without a tester key', () => {
    expect(terraformRules(stagedText)).toEqual(urlMapRouteRules(staged));
    const key = 'tEsTeR-kEy_0123456789abcdefghijklmnop';
    expect(terraformRules(stagedText, key)).toEqual(urlMapRouteRules(staged, key));
  });

  it('computes the same cohort expressions at every weight of the ladder and at the edges of the buckets', () => {
    for (const weight of [1, 4, 10, 50, 250, 500, 999]) {
      const text = stagedText.replace('"weight": 50', `"weight": ${weight}`);
      expect(terraformRules(text), `weight ${weight}`).toEqual(urlMapRouteRules(parseManifest(text)));
    }
  });
});
