import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadManifest, MANIFEST_PATH } from '../manifest.ts';
import { extendedManifest, fn, route } from './test-manifests.ts';
import { loadTerraform } from './terraform.ts';
import { evaluate } from './terraform-eval.ts';
import { MONOLITH, urlMapRouteRules } from './url-map.ts';

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
  const byId = Object.fromEntries(rules.map((r) => [r.id, r]));

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
    expect(rules.map((r) => [r.id, r.priority])).toEqual([
      ['users-me', 1],
      ['users-detail', 2],
      ['orders-create', 3],
      ['orders-detail', 5],
      ['orders-cancel', 6],
    ]);
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
  const terraformRules = (text: string) => {
    const [routes] = evaluate(root, ['local.routes'], { files: { 'routes.json': text } });
    const functions = Object.fromEntries((routes as { function: string }[]).map((r) => [r.function, r.function]));
    return evaluate(loadBalancer, ['local.route_rules'], { vars: { routes, functions } })[0];
  };

  it('equals urlMapRouteRules for the checked-in manifest', () => {
    expect(terraformRules(readFileSync(MANIFEST_PATH, 'utf8'))).toEqual(urlMapRouteRules(loadManifest()));
  });

  it('equals urlMapRouteRules for a manifest with canary, shadow and off routes', () => {
    expect(terraformRules(stagedText)).toEqual(urlMapRouteRules(staged));
  });
});
