import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { block, INFRA_DIR, loadTerraform, type Block } from './terraform.ts';
import { evaluate, runTerraform } from './terraform-eval.ts';
import { RELAY_SERVICE } from './cloudbuild.ts';

const terraform = await loadTerraform();
const MODULES = ['load-balancer', 'function-service', 'relay-service', 'docs-service', 'pubsub', 'secrets', 'monitoring', 'billing', 'build-trigger'];

/** Walks nested blocks by dotted path; a list of blocks steps into its first block, a list of values stays. */
function at(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, key) => {
    const next = (v as Block | undefined)?.[key];
    return Array.isArray(next) && typeof next[0] === 'object' ? next[0] : next;
  }, value);
}

function resource(dir: string, key: string): Block {
  const found = terraform.get(dir)?.resources[key];
  if (!found) throw new Error(`infra/${dir || '.'} declares no resource ${key}`);
  return found;
}

describe('infra/ Terraform files', () => {
  it('parses every .tf file with the HCL parser', () => {
    expect([...terraform.keys()].sort()).toEqual(['', ...MODULES.map((m) => `modules/${m}`)].sort());
  });

  it.each(['', ...MODULES.map((m) => `modules/${m}`)])('module "%s" has main.tf, variables.tf, outputs.tf, versions.tf and README.md', (dir) => {
    for (const file of ['main.tf', 'variables.tf', 'outputs.tf', 'versions.tf', 'README.md']) {
      expect(existsSync(join(INFRA_DIR, dir, file)), `infra/${dir}/${file}`).toBe(true);
    }
  });

  it('gives every variable a type, a description and a validation', () => {
    const incomplete = [...terraform.values()].flatMap((module) =>
      Object.entries(module.variables)
        .filter(([, v]) => !v.type || !v.description || !block(v, 'validation'))
        .map(([name]) => `infra/${module.dir}: variable "${name}"`),
    );
    expect(incomplete).toEqual([]);
  });

  it('pins the google provider to 6.x in every versions.tf', () => {
    for (const dir of terraform.keys()) {
      const text = readFileSync(join(INFRA_DIR, dir, 'versions.tf'), 'utf8');
      expect(text, `infra/${dir}/versions.tf`).toMatch(/source\s+= "hashicorp\/google"\s+version\s+= "~> 6\.0"/);
    }
  });

  it('has terraform 1.5 or later to check with', () => {
    expect(runTerraform(['version'])).toMatch(/^Terraform v1\.([5-9]|\d\d)\./);
  });

  it('is formatted (terraform fmt -check -recursive infra)', () => {
    const result = (() => {
      try {
        runTerraform(['fmt', '-check', '-recursive', '-list=true', INFRA_DIR]);
        return '';
      } catch (error) {
        // fmt lists the files it would change; anything else (no terraform) is its own one-line failure.
        const { stdout } = error as { stdout?: string };
        if (stdout === undefined) throw error;
        return `terraform fmt would change:\n${stdout}run terraform fmt -recursive infra`;
      }
    })();
    expect(result).toBe('');
  });

  it('creates no secret versions: values are added out of band', () => {
    const versions = [...terraform.values()].flatMap((m) => Object.keys(m.resources).filter((k) => k.startsWith('google_secret_manager_secret_version.')));
    expect(versions).toEqual([]);
  });
});

describe('the root module is driven by the routes manifest', () => {
  const root = terraform.get('')!;

  it('reads infra/routes.json with jsondecode(file(...))', () => {
    expect(root.locals.manifest).toBe('${jsondecode(file("${path.module}/routes.json"))}');
    expect(root.locals.functions).toMatch(/for name, spec in local\.manifest\.functions/);
    expect(root.locals.routes).toMatch(/for route in local\.manifest\.routes/);
  });

  it.each([
    ['function', 'for_each', '${local.functions}'],
    ['function', 'source', './modules/function-service'],
    ['load_balancer', 'routes', '${local.routes}'],
    ['load_balancer', 'functions', /for name, f in local\.functions : .* if f\.routed/],
    ['pubsub', 'consumers', /for name, f in local\.functions : .* if !f\.routed/],
    ['monitoring', 'functions', '${keys(local.functions)}'],
    ['billing', 'functions', '${keys(local.functions)}'],
    ['function', 'audience', '${local.audiences[each.key]}'],
    // The push tokens name the account the consumers are told to expect (local.container_env).
    ['pubsub', 'push_service_account_id', '${local.push_service_account_id}'],
    ['relay', 'source', './modules/relay-service'],
    // The relay reads no session: DATABASE_URL is its only secret.
    ['relay', 'secret_ids', { DATABASE_URL: '${module.secrets.ids["DATABASE_URL"]}' }],
    ['relay', 'publish_topics', '${module.pubsub.topics}'],
  ] as const)('module %s: %s', (name, attribute, expected) => {
    const value = root.modules[name]?.[attribute];
    if (expected instanceof RegExp) expect(value).toMatch(expected);
    else expect(value).toEqual(expected);
  });

  it('fails the plan when the database connection budget is exceeded', () => {
    const check = at(resource('', 'terraform_data.db_connection_budget'), 'lifecycle.precondition') as Block;
    expect(check.condition).toBe('${local.db_connections_total <= var.db_max_connections}');
    expect(root.locals.db_function_connections_per_revision).toMatch(/\(f\.db_pool_size \+ f\.listen_connections\) \* f\.max_instances/);
    expect((root.locals.db_connections as Block).functions).toMatch(/local\.db_revisions_during_deploy/);
  });
});

// Every row: [module, resource, attribute path, expected]. The resources are for_each over the manifest's
// functions (checked above), so these attributes hold for every function.
const FN = 'modules/function-service';
const LB = 'modules/load-balancer';
const PS = 'modules/pubsub';
const RS = 'modules/relay-service';
const required: [string, string, string, unknown][] = [
  [FN, 'google_service_account.this', 'account_id', 'canopy-${var.name}'],
  [FN, 'google_cloud_run_v2_service.this', 'name', '${var.name}'],
  [FN, 'google_cloud_run_v2_service.this', 'ingress', '${var.spec.routed ? "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER" : "INGRESS_TRAFFIC_INTERNAL_ONLY"}'],
  [FN, 'google_cloud_run_v2_service.this', 'template.service_account', '${google_service_account.this.email}'],
  [FN, 'google_cloud_run_v2_service.this', 'custom_audiences', ['${var.audience}']],
  // Routed: the load balancer's requests carry no identity. Push consumers check the token themselves; Cloud Run's check would cut its signature off first.
  [FN, 'google_cloud_run_v2_service.this', 'invoker_iam_disabled', true],
  [FN, 'google_cloud_run_v2_service.this', 'template.labels', '${local.labels}'],
  [FN, 'google_cloud_run_v2_service.this', 'template.scaling.min_instance_count', 0],
  [FN, 'google_cloud_run_v2_service.this', 'template.scaling.max_instance_count', '${var.spec.max_instances}'],
  [FN, 'google_cloud_run_v2_service.this', 'template.max_instance_request_concurrency', '${var.spec.concurrency}'],
  [FN, 'google_cloud_run_v2_service.this', 'template.timeout', '${var.spec.timeout_seconds}s'],
  [FN, 'google_cloud_run_v2_service.this', 'template.containers.resources.startup_cpu_boost', '${local.billing.startup_cpu_boost}'],
  [FN, 'google_cloud_run_v2_service.this', 'template.containers.resources.cpu_idle', '${local.billing.cpu_idle}'],
  [FN, 'google_cloud_run_v2_service.this', 'template.containers.resources.limits', { cpu: '${var.spec.cpu}', memory: '${var.spec.memory}' }],
  [FN, 'google_cloud_run_v2_service.this', 'template.containers.dynamic.env.for_each', '${var.secret_ids}'],
  [FN, 'google_cloud_run_v2_service.this', 'template.containers.dynamic.env.content.value_source.secret_key_ref.secret', '${env.value}'],
  [FN, 'google_cloud_run_v2_service.this', 'template.volumes.cloud_sql_instance.instances', ['${var.cloud_sql_instance}']],
  [FN, 'google_cloud_run_v2_service.this', 'template.containers.volume_mounts', { name: 'cloudsql', mount_path: '/cloudsql' }],
  [FN, 'google_secret_manager_secret_iam_member.accessor', 'for_each', '${var.secret_ids}'],
  [FN, 'google_secret_manager_secret_iam_member.accessor', 'role', 'roles/secretmanager.secretAccessor'],
  [LB, 'google_compute_region_network_endpoint_group.function', 'for_each', '${var.functions}'],
  [LB, 'google_compute_region_network_endpoint_group.function', 'network_endpoint_type', 'SERVERLESS'],
  [LB, 'google_compute_region_network_endpoint_group.function', 'cloud_run.service', '${each.value}'],
  [LB, 'google_compute_backend_service.function', 'for_each', '${var.functions}'],
  [LB, 'google_compute_backend_service.function', 'custom_response_headers', ['X-Canopy-Backend: ${each.key}']],
  [LB, 'google_compute_backend_service.function', 'load_balancing_scheme', 'EXTERNAL_MANAGED'],
  [LB, 'google_compute_backend_service.function', 'security_policy', '${google_compute_security_policy.this.id}'],
  [LB, 'google_compute_backend_service.monolith', 'custom_response_headers', ['X-Canopy-Backend: monolith']],
  [LB, 'google_compute_backend_service.monolith', 'load_balancing_scheme', 'EXTERNAL_MANAGED'],
  [LB, 'google_compute_backend_service.monolith', 'security_policy', '${google_compute_security_policy.this.id}'],
  [LB, 'google_compute_url_map.https', 'default_service', '${google_compute_backend_service.monolith.id}'],
  [LB, 'google_compute_url_map.https', 'path_matcher.dynamic.route_rules.for_each', '${local.route_rules}'],
  [LB, 'google_compute_url_map.https', 'path_matcher.dynamic.route_rules.content.priority', '${route_rules.value.priority}'],
  [LB, 'google_compute_url_map.https', 'path_matcher.dynamic.route_rules.content.dynamic.match_rules.content.path_template_match', '${route_rules.value.path_template}'],
  [LB, 'google_compute_url_map.https', 'path_matcher.dynamic.route_rules.content.route_action.dynamic.weighted_backend_services.for_each', '${route_rules.value.backends}'],
  [LB, 'google_compute_global_forwarding_rule.https', 'load_balancing_scheme', 'EXTERNAL_MANAGED'],
  [LB, 'google_compute_global_forwarding_rule.https', 'port_range', '443'],
  [LB, 'google_compute_global_forwarding_rule.http', 'port_range', '80'],
  [LB, 'google_compute_url_map.http_redirect', 'default_url_redirect.https_redirect', true],
  [LB, 'google_compute_managed_ssl_certificate.this', 'managed.domains', '${var.domains}'],
  [PS, 'google_pubsub_topic.dead_letter', 'name', '${each.key}-dead-letter'],
  [PS, 'google_pubsub_subscription.push', 'enable_message_ordering', true],
  [PS, 'google_pubsub_subscription.push', 'push_config.oidc_token.service_account_email', '${google_service_account.push.email}'],
  [PS, 'google_pubsub_subscription.push', 'push_config.oidc_token.audience', '${each.value.service.audience}'],
  [PS, 'google_service_account.push', 'account_id', '${var.push_service_account_id}'],
  [PS, 'google_pubsub_subscription.push', 'retry_policy', { minimum_backoff: '10s', maximum_backoff: '600s' }],
  [PS, 'google_pubsub_subscription.push', 'dead_letter_policy.max_delivery_attempts', 5],
  [PS, 'google_pubsub_topic_iam_member.agent_dead_letter_publisher', 'role', 'roles/pubsub.publisher'],
  [PS, 'google_pubsub_subscription_iam_member.agent_subscriber', 'role', 'roles/pubsub.subscriber'],
  [PS, 'google_service_account_iam_member.agent_token_creator', 'role', 'roles/iam.serviceAccountTokenCreator'],
  [RS, 'google_service_account.this', 'account_id', 'canopy-${var.name}'],
  [RS, 'google_cloud_run_v2_service.this', 'name', '${var.name}'],
  [RS, 'google_cloud_run_v2_service.this', 'ingress', 'INGRESS_TRAFFIC_INTERNAL_ONLY'],
  [RS, 'google_cloud_run_v2_service.this', 'template.service_account', '${google_service_account.this.email}'],
  [RS, 'google_cloud_run_v2_service.this', 'template.scaling', { min_instance_count: 1, max_instance_count: 1 }],
  [RS, 'google_cloud_run_v2_service.this', 'template.containers.resources.cpu_idle', false],
  [RS, 'google_cloud_run_v2_service.this', 'template.containers.liveness_probe.http_get', { path: '/', port: 8080 }],
  [RS, 'google_cloud_run_v2_service.this', 'template.containers.startup_probe.http_get', { path: '/', port: 8080 }],
  [RS, 'google_cloud_run_v2_service.this', 'template.containers.ports.container_port', 8080],
  [RS, 'google_cloud_run_v2_service.this', 'template.containers.dynamic.env.for_each', '${var.secret_ids}'],
  [RS, 'google_cloud_run_v2_service.this', 'template.volumes.cloud_sql_instance.instances', ['${var.cloud_sql_instance}']],
  [RS, 'google_cloud_run_v2_service.this', 'template.containers.volume_mounts', { name: 'cloudsql', mount_path: '/cloudsql' }],
  [RS, 'google_secret_manager_secret_iam_member.accessor', 'for_each', '${var.secret_ids}'],
  [RS, 'google_pubsub_topic_iam_member.publisher', 'for_each', '${var.publish_topics}'],
  [RS, 'google_pubsub_topic_iam_member.publisher', 'role', 'roles/pubsub.publisher'],
  [RS, 'google_pubsub_topic_iam_member.publisher', 'member', '${google_service_account.this.member}'],
  ['modules/monitoring', 'google_monitoring_alert_policy.error_rate', 'for_each', '${toset(var.functions)}'],
  ['modules/monitoring', 'google_monitoring_alert_policy.latency', 'for_each', '${toset(var.functions)}'],
  ['modules/monitoring', 'google_logging_metric.latency', 'for_each', '${toset(var.functions)}'],
  ['modules/build-trigger', 'google_cloudbuild_trigger.main', 'github.push.branch', '^main$'],
  ['modules/build-trigger', 'google_cloudbuild_trigger.main', 'filename', 'cloudbuild.yaml'],
  // cloudbuild.yaml's database steps start the Cloud SQL Auth Proxy for this instance (infra/deploy/cloud-sql.sh).
  ['modules/build-trigger', 'google_cloudbuild_trigger.main', 'substitutions._CLOUD_SQL_INSTANCE', '${var.cloud_sql_instance}'],
];

describe('required resource attributes', () => {
  it.each(required)('%s: %s.%s', (dir, key, path, expected) => {
    expect(at(resource(dir, key), path)).toEqual(expected);
  });

  it('passes the Cloud SQL instance to the build, whose account may connect to it', () => {
    expect(at(terraform.get('')!.modules.build_trigger, 'cloud_sql_instance')).toBe('${var.cloud_sql_instance}');
    expect(at(terraform.get('modules/build-trigger')!.variables.build_roles, 'default')).toContain('roles/cloudsql.client');
  });

  it('gives the build account no project role that lets it act as, or grant, anything beyond what it applies', () => {
    const roles = at(terraform.get('modules/build-trigger')!.variables.build_roles, 'default') as string[];
    const nearOwner = ['roles/owner', 'roles/editor', 'roles/iam.serviceAccountUser', 'roles/resourcemanager.projectIamAdmin', 'roles/bigquery.dataOwner', 'roles/artifactregistry.admin'];
    expect(roles.filter((role) => nearOwner.includes(role))).toEqual([]);
    // Granting project roles: roles/cloudsql.client (a new function's account) only.
    expect(at(resource('modules/build-trigger', 'google_project_iam_member.build_grants_cloud_sql_client'), 'condition.expression')).toBe(
      "api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasOnly(['roles/cloudsql.client'])",
    );
    // Acting as: the function, relay and push accounts only; owning: the cost dataset only.
    for (const [dir, key] of [[FN, 'google_service_account_iam_member.deployer'], [RS, 'google_service_account_iam_member.deployer'], [PS, 'google_service_account_iam_member.deployer']] as const) {
      expect(resource(dir, key)).toMatchObject({ role: 'roles/iam.serviceAccountUser', member: '${var.deployer}' });
    }
    expect(resource('modules/billing', 'google_bigquery_dataset_iam_member.owner')).toMatchObject({ role: 'roles/bigquery.dataOwner', member: '${var.dataset_owner}' });
    const root = terraform.get('')!;
    for (const [name, input] of [['function', 'deployer'], ['relay', 'deployer'], ['pubsub', 'deployer'], ['billing', 'dataset_owner']] as const) {
      expect(root.modules[name]![input], `module.${name}.${input}`).toBe('${module.build_trigger.build_member}');
    }
  });

  it('lets the build act as the account of every Cloud Run service it deploys (gcloud run deploy needs actAs on it)', () => {
    const root = terraform.get('')!;
    // Every module call whose module makes a Cloud Run service: the build deploys that service's revisions.
    const deployed = Object.entries(root.modules)
      .map(([name, call]) => ({ name, dir: String(call.source).replace(/^\.\//, '') }))
      .filter(({ dir }) => Object.keys(terraform.get(dir)!.resources).some((key) => key.startsWith('google_cloud_run_v2_service.')));
    expect(deployed.map(({ name }) => name).sort()).toEqual(['docs', 'function', 'relay']);
    for (const { name, dir } of deployed) {
      const service = Object.entries(terraform.get(dir)!.resources).find(([key]) => key.startsWith('google_cloud_run_v2_service.'))![1];
      const account = String(at(service, 'template.service_account')).match(/^\$\{(google_service_account\.[a-z_]+)\.email\}$/)?.[1];
      expect(account, `${dir}: the service runs as its own account`).toBeDefined();
      expect(resource(dir, 'google_service_account_iam_member.deployer'), `${dir}: the build may act as ${account}`).toMatchObject({
        service_account_id: `\${${account}.name}`,
        role: 'roles/iam.serviceAccountUser',
        member: '${var.deployer}',
      });
      expect(root.modules[name]!.deployer, `module.${name}.deployer`).toBe('${module.build_trigger.build_member}');
    }
  });

  it('applies on a project without a billing export: no export table, no cost view', () => {
    // Terraform itself: the variables' defaults pass their validations.
    expect(evaluate(terraform.get('')!, ['var.billing_export_table', 'var.create_cost_view'])).toEqual([null, false]);
    expect(at(resource('modules/billing', 'google_bigquery_table.cost_per_request'), 'count')).toBe('${var.create_view && var.billing_export_table != null ? 1 : 0}');
  });

  it('labels every function service and revision with canopy-function = <name>', () => {
    expect(terraform.get(FN)!.locals.labels).toEqual({ 'canopy-function': '${var.name}' });
    expect(at(resource(FN, 'google_cloud_run_v2_service.this'), 'labels')).toBe('${local.labels}');
  });

  it('leaves the image and the client fields Cloud Build changes to Cloud Build', () => {
    const ignored = at(resource(FN, 'google_cloud_run_v2_service.this'), 'lifecycle.ignore_changes');
    expect(ignored).toEqual(expect.arrayContaining(['${client}', '${client_version}', '${template[0].containers[0].image}']));
  });

  it('names the relay service as the build deploys it', () => {
    expect(terraform.get(RS)!.variables.name!.default).toBe(RELAY_SERVICE);
  });

  it('lets only the relay publish to the event topics (the Pub/Sub agent publishes dead letters; the log sink and the rollout each their own topic)', () => {
    const publishers = [...terraform.values()].flatMap((module) =>
      Object.entries(module.resources)
        .filter(([, r]) => /^roles\/pubsub\.(publisher|editor|admin)$/.test(String(r.role)))
        .map(([key, r]) => `${module.dir}: ${key} ${String(r.topic ?? '(project)')} ${String(r.member)}`),
    );
    expect(publishers.sort()).toEqual([
      'modules/build-trigger: google_pubsub_topic_iam_member.rollout_notices ${google_pubsub_topic.rollout_notices.name} ${google_service_account.rollout.member}',
      'modules/load-balancer: google_pubsub_topic_iam_member.sink_publisher ${google_pubsub_topic.requests.name} ${google_logging_project_sink.requests.writer_identity}',
      'modules/pubsub: google_pubsub_topic_iam_member.agent_dead_letter_publisher ${google_pubsub_topic.dead_letter[each.key].name} ${local.pubsub_agent}',
      'modules/relay-service: google_pubsub_topic_iam_member.publisher ${each.value} ${google_service_account.this.member}',
    ]);
  });

  it('matches each route method as the :method header', () => {
    const match = at(resource(LB, 'google_compute_url_map.https'), 'path_matcher.dynamic.route_rules.content.dynamic.match_rules');
    expect(match).toMatchObject({ for_each: '${route_rules.value.methods}' });
    expect(at(match, 'content.header_matches')).toEqual({ header_name: ':method', exact_match: '${match_rules.value}' });
  });
});
