/**
 * The API reference in production: the docs service's Terraform (reachable
 * through the load balancer only, as a routed function, without allUsers)
 * and the URL map's rules that send /api/docs and everything under
 * /api/docs/ to it ahead of every manifest rule. Terraform's rules are
 * evaluated by Terraform itself and must equal DOCS_ROUTE_RULES, which the
 * local load balancer routes by.
 */
import { describe, expect, it } from 'vitest';
import { loadManifest } from '../manifest.ts';
import { DOCS_SERVICE } from './cloudbuild.ts';
import { extendedManifest, fn, route } from './test-manifests.ts';
import { block, loadTerraform, type Block } from './terraform.ts';
import { evaluate } from './terraform-eval.ts';
import { DOCS_ROUTE_RULES, isDocsPath, urlMapRouteRules } from './url-map.ts';

const terraform = await loadTerraform();
const root = terraform.get('')!;
const loadBalancer = terraform.get('modules/load-balancer')!;
const docsModule = terraform.get('modules/docs-service');

/** The URL map's route_rules blocks: each dynamic block's for_each and content. */
const routeRuleBlocks = () => {
  const matcher = block(loadBalancer.resources['google_compute_url_map.https'], 'path_matcher');
  return ((matcher?.dynamic as Block | undefined)?.route_rules ?? []) as Block[];
};

describe('the docs service', () => {
  it('exists: module docs in the root, from modules/docs-service, named as the build deploys it', () => {
    expect(root.modules.docs?.source).toBe('./modules/docs-service');
    expect(docsModule?.variables.name?.default).toBe(DOCS_SERVICE);
    expect(root.modules.docs?.deployer).toBe('${module.build_trigger.build_member}');
  });

  it('is reachable through the load balancer only, with the invoker check off as the routed functions have it, and an audience for the smoke test', () => {
    const service = docsModule!.resources['google_cloud_run_v2_service.this']!;
    expect(service).toMatchObject({
      ingress: 'INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER',
      invoker_iam_disabled: true,
      custom_audiences: ['canopy-${var.name}'],
    });
    expect(block(service, 'template')?.service_account).toBe('${google_service_account.this.email}');
  });

  it('reads no database and no secret: no Cloud SQL mount, no environment, no role beyond the build acting as it', () => {
    const template = block(docsModule!.resources['google_cloud_run_v2_service.this'], 'template')!;
    expect(template.volumes).toBeUndefined();
    expect(block(template, 'containers')!.env).toBeUndefined();
    expect(block(template, 'containers')!.dynamic).toBeUndefined();
    expect(Object.keys(docsModule!.resources).sort()).toEqual(['google_cloud_run_v2_service.this', 'google_service_account.this', 'google_service_account_iam_member.deployer']);
  });

  it('is the load balancer\'s docs backend: the root passes its service name, a serverless NEG targets it', () => {
    expect(root.modules.load_balancer?.docs_service).toBe('${module.docs.service_name}');
    expect(block(loadBalancer.resources['google_compute_region_network_endpoint_group.docs'], 'cloud_run')?.service).toBe('${var.docs_service}');
    expect(block(loadBalancer.resources['google_compute_backend_service.docs'], 'backend')?.group).toBe('${google_compute_region_network_endpoint_group.docs.id}');
  });
});

describe('the URL map\'s docs rules', () => {
  it('send every docs rule to the docs backend', () => {
    const docs = routeRuleBlocks().find((b) => b.for_each === '${local.docs_route_rules}');
    expect(docs, 'a dynamic "route_rules" block over local.docs_route_rules in url-map.tf').toBeDefined();
    const content = block(docs, 'content')!;
    expect(content).toMatchObject({ priority: '${route_rules.value.priority}', service: '${google_compute_backend_service.docs.id}' });
    expect(block(content, 'match_rules')).toEqual({ full_path_match: '${route_rules.value.full_path_match}', prefix_match: '${route_rules.value.prefix_match}' });
  });

  it('are DOCS_ROUTE_RULES, as Terraform evaluates them', () => {
    expect(evaluate(loadBalancer, ['local.docs_route_rules'])[0]).toEqual(DOCS_ROUTE_RULES);
  });

  it('come before every rule of the manifest, for the checked-in one and one with a canary and a tester key', () => {
    const { manifest: canary } = extendedManifest([fn('orders')], [route('orders-create', { function: 'orders', methods: ['POST'], stage: 'canary', weight: 50 })]);
    const last = Math.max(...DOCS_ROUTE_RULES.map((r) => r.priority));
    for (const rules of [urlMapRouteRules(loadManifest()), urlMapRouteRules(canary, 'k'.repeat(32))]) {
      expect(Math.min(...rules.map((r) => r.priority))).toBeGreaterThan(last);
    }
    expect(new Set(DOCS_ROUTE_RULES.map((r) => r.priority)).size).toBe(DOCS_ROUTE_RULES.length);
  });

  it('take /api/docs and all under /api/docs/, nothing else', () => {
    for (const path of ['/api/docs', '/api/docs/', '/api/docs/openapi.json', '/api/docs/redoc.standalone.js', '/api/docs/a/b']) expect(isDocsPath(path), path).toBe(true);
    for (const path of ['/api/doc', '/api/docsx', '/api/docs.json', '/api/', '/api/users/me/', '/']) expect(isDocsPath(path), path).toBe(false);
  });
});
