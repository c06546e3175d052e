/**
 * A first apply on a new project enables every API before using it:
 * infra/services.tf lists them and every module waits for them. Each resource
 * type infra/ declares maps to the API that serves it here, so a new type
 * whose API is missing fails this test instead of the first apply.
 */
import { describe, expect, it } from 'vitest';
import { configBlocks, loadTerraform } from './terraform.ts';

// Resource type prefix -> the API that serves it; the longest matching prefix wins.
const API_OF: Record<string, string> = {
  google_artifact_registry_: 'artifactregistry.googleapis.com',
  google_bigquery_: 'bigquery.googleapis.com',
  google_cloudbuild_: 'cloudbuild.googleapis.com',
  google_cloud_run_v2_: 'run.googleapis.com',
  google_compute_: 'compute.googleapis.com',
  google_logging_: 'logging.googleapis.com',
  google_monitoring_: 'monitoring.googleapis.com',
  google_project: 'cloudresourcemanager.googleapis.com',
  google_project_iam_: 'cloudresourcemanager.googleapis.com',
  google_project_service: 'serviceusage.googleapis.com',
  google_pubsub_: 'pubsub.googleapis.com',
  google_secret_manager_: 'secretmanager.googleapis.com',
  google_service_account: 'iam.googleapis.com',
  google_storage_: 'storage.googleapis.com',
};
// On in every project, and needed to enable the others (the runbook's first command).
const ALWAYS_ON = ['serviceusage.googleapis.com'];
// Used by what the build runs rather than by a resource type.
const USED_BY_THE_BUILD = {
  'sqladmin.googleapis.com': "Cloud Run's /cloudsql mount and the build's Cloud SQL Auth Proxy",
  'iamcredentials.googleapis.com': 'OIDC tokens for Pub/Sub push and the smoke test',
};

const terraform = await loadTerraform();
const root = terraform.get('')!;
const enabled = root.locals.services as string[];

function apiOf(type: string): string | undefined {
  const prefix = Object.keys(API_OF)
    .filter((p) => type.startsWith(p))
    .sort((a, b) => b.length - a.length)[0];
  return prefix && API_OF[prefix];
}

describe('infra/services.tf', () => {
  it('enables the API of every google resource and data source type infra/ declares', async () => {
    const types = [...new Set((await configBlocks()).filter((b) => b.type.startsWith('google_')).map((b) => b.type))];
    const missing = types.map((type) => [type, apiOf(type)]).filter(([, api]) => !api || !(enabled.includes(api) || ALWAYS_ON.includes(api)));
    expect(missing, 'add the API to infra/services.tf (and to API_OF here)').toEqual([]);
  });

  it('enables the APIs the build and the functions use outside Terraform', () => {
    expect(enabled).toEqual(expect.arrayContaining(Object.keys(USED_BY_THE_BUILD)));
  });

  it('enables them before every module, and leaves them on when destroyed', () => {
    for (const [name, module] of Object.entries(root.modules)) expect(module.depends_on, `module.${name}`).toEqual(['${google_project_service.this}']);
    expect(root.resources['google_project_service.this']).toMatchObject({ for_each: '${toset(local.services)}', disable_on_destroy: false });
  });
});
