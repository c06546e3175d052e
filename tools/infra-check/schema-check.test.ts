import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { providerSchema } from './provider-schema.ts';
import { schemaFindings } from './schema-check.ts';

// Reading the provider's schema (about 100 MB of JSON) takes seconds on a busy machine.
vi.setConfig({ testTimeout: 60_000 });

const schema = providerSchema();

describe('the google provider schema (@cdktf/provider-google)', () => {
  it('is a release the versions.tf constraint "~> 6.0" admits', () => {
    // terraform.test.ts holds every versions.tf to "~> 6.0"; init picks the newest 6.x.
    expect(schema.version).toMatch(/^6\.\d+\.\d+$/);
  });

  it('knows the types infra/ uses, with their required arguments and nested blocks', () => {
    const service = schema.resource('google_cloud_run_v2_service')!;
    expect(service.attributes.get('location')).toBe(true);
    expect(service.attributes.get('ingress')).toBe(false);
    expect(service.blocks.get('template')?.required).toBe(true);
    expect(service.blocks.get('template')!.schema().blocks.has('containers')).toBe(true);
    // cdktf renames `build` (it clashes with its own name); the schema keeps Terraform's.
    expect(schema.resource('google_cloudbuild_trigger')!.blocks.has('build')).toBe(true);
    expect(schema.dataSource('google_project')).toBeDefined();
    expect(schema.provider().attributes.has('project')).toBe(true);
  });
});

describe('infra/', () => {
  it('matches the provider schema in every resource, data and provider block', async () => {
    expect(await schemaFindings(schema), 'paths are relative to infra/').toEqual([]);
  });
});

describe('planted mistakes', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  /** The findings for one planted main.tf (written as terraform fmt writes it). */
  async function findingsFor(text: string): Promise<string[]> {
    const dir = mkdtempSync(join(tmpdir(), 'canopy-schema-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'main.tf'), text);
    return schemaFindings(schema, dir);
  }

  const topic = (body: string) => `resource "google_pubsub_topic" "events" {\n  name = "canopy-order-events"\n${body}}\n`;

  it('passes a correct block, meta-arguments included', async () => {
    expect(await findingsFor(topic('  count = 1\n  labels = {\n    a = "b"\n  }\n  lifecycle {\n    prevent_destroy = true\n  }\n'))).toEqual([]);
  });

  it('fails an unknown argument', async () => {
    expect(await findingsFor(topic('  message_retention = "600s"\n'))).toEqual([
      'main.tf: google_pubsub_topic.events: message_retention: no such argument or block',
    ]);
  });

  it('fails an unknown argument in a nested block and in a dynamic block', async () => {
    const text = `resource "google_cloud_run_v2_service" "svc" {
  name     = "users"
  location = "europe-west1"
  template {
    containers {
      image  = "x"
      memory = "512Mi"
    }
    dynamic "volumes" {
      for_each = []
      content {
        name  = "cloudsql"
        sql_instance = "p:r:i"
      }
    }
  }
}
`;
    expect(await findingsFor(text)).toEqual([
      'main.tf: google_cloud_run_v2_service.svc: template.containers.memory: no such argument or block',
      'main.tf: google_cloud_run_v2_service.svc: template.volumes.sql_instance: no such argument or block',
    ]);
  });

  it('fails a missing required argument and a missing required block', async () => {
    expect(await findingsFor('resource "google_cloud_run_v2_service" "svc" {\n  name = "users"\n}\n')).toEqual([
      'main.tf: google_cloud_run_v2_service.svc: location: required argument missing',
      'main.tf: google_cloud_run_v2_service.svc: template: required block missing',
    ]);
  });

  it('fails a block given as an argument, as an object or as a list of objects', async () => {
    const text = `resource "google_cloud_run_v2_service" "svc" {
  name     = "users"
  location = "europe-west1"
  template {
    scaling = { max_instance_count = 2 }
    containers {
      image = "x"
      env = [{ name = "A", value = "b" }]
    }
  }
}
`;
    expect(await findingsFor(text)).toEqual([
      'main.tf: google_cloud_run_v2_service.svc: template.containers.env: is a block: write env { ... }, not env = ...',
      'main.tf: google_cloud_run_v2_service.svc: template.scaling: is a block: write scaling { ... }, not scaling = ...',
    ]);
  });

  it('fails an argument given as a block', async () => {
    expect(await findingsFor(topic('  labels {\n    a = "b"\n  }\n'))).toEqual([
      'main.tf: google_pubsub_topic.events: labels: is an argument: write labels = ..., not labels { ... }',
    ]);
  });

  it('fails a type the provider does not have, and leaves Terraform\'s own types alone', async () => {
    expect(await findingsFor('data "google_projects_list" "all" {}\n\nresource "terraform_data" "x" {\n  input = 1\n}\n')).toEqual([
      `main.tf: data.google_projects_list.all: google provider ${schema.version} has no data source google_projects_list`,
    ]);
  });
});
