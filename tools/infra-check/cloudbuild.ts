/**
 * Generates cloudbuild.yaml from the routes manifest: functions come and go
 * with it, and each needs its own image, deploy, smoke and promote steps; the
 * outbox relay (relay/, one always-on service) has its image and deploy steps;
 * the API reference's docs service has a function's four.
 * Run `npm run cloudbuild:generate`; a test fails when the checked-in file
 * differs from what this writes.
 */
import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIST, DOCS_SERVICE_DIST, RELAY_DIST } from '../build.ts';
import { roleUrlVariable } from '../db-roles.ts';
import { loadManifest, ManifestError, type Manifest } from '../manifest.ts';
import { DOCS_PREFIX } from '../openapi/serve.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLOUDBUILD_PATH = join(ROOT, 'cloudbuild.yaml');
export const GENERATE_COMMAND = 'npm run cloudbuild:generate';

const NODE = 'node:20';
const DOCKER = 'gcr.io/cloud-builders/docker';
const GCLOUD = 'gcr.io/google.com/cloudsdktool/cloud-sdk:slim';
export const TERRAFORM = 'hashicorp/terraform:1.11';
/**
 * What CI runs on, built by the ci-image step from .ci/Dockerfile: Node 20
 * with the Debian packages, terraform, Pub/Sub emulator and Cloud SQL Auth
 * Proxy the tests and the database steps need (node:20 has none of them).
 */
export const CI_IMAGE = '$_REGION-docker.pkg.dev/$PROJECT_ID/$_REPOSITORY/ci:$COMMIT_SHA';
const BASH = '#!/usr/bin/env bash\nset -euo pipefail';

export interface Step {
  id: string;
  name: string;
  waitFor: string[];
  script: string;
  /** Secret Manager values the step reads as environment variables (availableSecrets). */
  secretEnv?: string[];
}

/** Secret Manager's secret for an environment variable, as infra/modules/secrets names it: canopy-<name in kebab case>. */
const secretVersion = (env: string) => `projects/$PROJECT_ID/secrets/canopy-${env.toLowerCase().replace(/_/g, '-')}/versions/latest`;

// db:migrate connects as the owner (DATABASE_URL) and sets each function role's login from that function's own URL.
const migrateSecrets = (manifest: Manifest) => ['DATABASE_URL', ...Object.keys(manifest.functions).map(roleUrlVariable)];

// A build step has no /cloudsql mount: this serves the instance's socket there (the Cloud SQL Auth Proxy
// in the CI image), so the functions' DATABASE_URL works as is.
export const WITH_CLOUD_SQL = 'bash infra/deploy/cloud-sql.sh';

/** The per-function step ids, in the order they run. */
export const functionStepIds = (name: string) => ['image', 'deploy', 'smoke', 'promote'].map((phase) => `${phase}-${name}`);

/** The relay's Cloud Run service (infra/modules/relay-service's default name) and its step ids. */
export const RELAY_SERVICE = 'relay';
export const RELAY_STEP_IDS = ['image', 'deploy'].map((phase) => `${phase}-${RELAY_SERVICE}`);

/** The API reference's Cloud Run service (infra/modules/docs-service's default name) and its step ids: a function's. */
export const DOCS_SERVICE = 'api-docs';
export const DOCS_STEP_IDS = functionStepIds(DOCS_SERVICE);
/** What the smoke test asks a new docs revision for: the document, the file that follows the manifest. */
export const DOCS_SMOKE_PATH = `${DOCS_PREFIX}openapi.json`;

/** A bundle folder as the build's scripts see it, relative to the repository. */
const bundleDir = (dir: string) => relative(ROOT, dir);

/**
 * The request the smoke test sends to a new revision: the function's first GET
 * route (else its first route) with each {variable} as 1; a Pub/Sub consumer,
 * with no route, gets an empty POST to / (a malformed push must be a 4xx).
 */
export function smokeRequest(manifest: Manifest, name: string): { method: string; path: string } {
  const routes = manifest.routes.filter((route) => route.function === name);
  const route = routes.find((r) => r.methods.includes('GET')) ?? routes[0];
  if (!route) return { method: 'POST', path: '/' };
  return { method: route.methods.includes('GET') ? 'GET' : route.methods[0]!, path: route.pathTemplate.replace(/\{[a-z_]+\}/g, '1') };
}

export function cloudbuildSteps(manifest: Manifest): Step[] {
  const names = Object.keys(manifest.functions);
  const terraform = (...args: string[]) => `#!/bin/sh\n${['sh infra/deploy/terraform.sh', ...args].join(' ')}`;
  const perFunction = names.flatMap((name): Step[] => {
    const [image, deploy, smoke, promote] = functionStepIds(name) as [string, string, string, string];
    const { method, path } = smokeRequest(manifest, name);
    const dir = bundleDir(join(DIST, name));
    return [
      // Waits on the build only, so every function's image builds at once.
      { id: image, name: DOCKER, waitFor: ['build'], script: `${BASH}\nbash infra/deploy/image.sh ${name} ${dir}` },
      { id: deploy, name: GCLOUD, waitFor: [image, 'services', 'db-migrate'], script: `${BASH}\nbash infra/deploy/deploy.sh ${name} ${dir} tagged` },
      { id: smoke, name: GCLOUD, waitFor: [deploy], script: `${BASH}\nbash infra/deploy/smoke.sh ${name} ${method} ${path}` },
      { id: promote, name: GCLOUD, waitFor: [smoke], script: `${BASH}\nbash infra/deploy/promote.sh ${name}` },
    ];
  });
  const withDatabase = (command: string) => `${BASH}\n${WITH_CLOUD_SQL} ${command}`;
  const [relayImage, relayDeploy] = RELAY_STEP_IDS as [string, string];
  const relay: Step[] = [
    { id: relayImage, name: DOCKER, waitFor: ['build'], script: `${BASH}\nbash infra/deploy/image.sh ${RELAY_SERVICE} ${bundleDir(RELAY_DIST)}` },
    // No tag, no smoke request: it serves no requests, and its startup probe (connected to
    // the database, listening for outbox inserts) decides whether the new revision takes over.
    { id: relayDeploy, name: GCLOUD, waitFor: [relayImage, 'services', 'db-migrate'], script: `${BASH}\nbash infra/deploy/deploy.sh ${RELAY_SERVICE} ${bundleDir(RELAY_DIST)} serving` },
  ];
  // The API reference: deployed, smoke-tested and promoted as a function is, but it reads no database.
  const [docsImage, docsDeploy, docsSmoke, docsPromote] = DOCS_STEP_IDS as [string, string, string, string];
  const docsDir = bundleDir(DOCS_SERVICE_DIST);
  const docs: Step[] = [
    { id: docsImage, name: DOCKER, waitFor: ['build'], script: `${BASH}\nbash infra/deploy/image.sh ${DOCS_SERVICE} ${docsDir}` },
    { id: docsDeploy, name: GCLOUD, waitFor: [docsImage, 'services'], script: `${BASH}\nbash infra/deploy/deploy.sh ${DOCS_SERVICE} ${docsDir} tagged` },
    { id: docsSmoke, name: GCLOUD, waitFor: [docsDeploy], script: `${BASH}\nbash infra/deploy/smoke.sh ${DOCS_SERVICE} GET ${DOCS_SMOKE_PATH}` },
    { id: docsPromote, name: GCLOUD, waitFor: [docsSmoke], script: `${BASH}\nbash infra/deploy/promote.sh ${DOCS_SERVICE}` },
  ];
  return [
    { id: 'install', name: NODE, waitFor: [], script: `${BASH}\nnpm ci` },
    // Starts at once ('-'), beside install.
    { id: 'ci-image', name: DOCKER, waitFor: ['-'], script: `${BASH}\nbash infra/deploy/ci-image.sh` },
    // What CI runs (.ci/run without the installs, which the image holds).
    { id: 'test', name: CI_IMAGE, waitFor: ['install', 'ci-image'], script: `${BASH}\nbash .ci/test` },
    // The monolith still decides what the bundles embed (infra/monolith-settings.json, infra/monolith-baseline.json): else no build.
    { id: 'drift', name: CI_IMAGE, waitFor: ['install', 'ci-image'], script: `${BASH}\nnpm run drift` },
    { id: 'build', name: NODE, waitFor: ['test', 'drift'], script: `${BASH}\nnpm run build` },
    {
      id: 'tfvars',
      name: GCLOUD,
      waitFor: ['test'],
      script: `${BASH}\ngcloud storage cp "gs://$_TF_STATE_BUCKET/canopy/production.tfvars" infra/production.tfvars`,
    },
    // A new function's (or the relay's, or the docs') Cloud Run service must exist (Terraform makes it, with its account, secrets and limits) before it is deployed.
    { id: 'services', name: TERRAFORM, waitFor: ['tfvars'], script: terraform('-target=module.function', '-target=module.relay', '-target=module.docs') },
    // Canopy's own tables (infra/sql) before any revision that may need them.
    { id: 'db-migrate', name: CI_IMAGE, waitFor: ['build'], script: withDatabase('npm run db:migrate'), secretEnv: migrateSecrets(manifest) },
    ...perFunction,
    ...relay,
    ...docs,
    // Routing last: the URL map only points at revisions that passed their smoke test (and no apply races a deploy).
    { id: 'routing', name: TERRAFORM, waitFor: [...names.map((name) => `promote-${name}`), relayDeploy, docsPromote], script: terraform() },
    // Each route's mode follows its manifest stage once routing is applied (kill switches are kept).
    { id: 'modes', name: CI_IMAGE, waitFor: ['routing'], script: withDatabase('npm run modes -- sync'), secretEnv: ['DATABASE_URL'] },
  ];
}

function renderStep(step: Step): string {
  const lines = [`  - id: ${step.id}`, `    name: ${step.name}`];
  if (step.waitFor.length > 0) lines.push(`    waitFor: [${step.waitFor.map((id) => `'${id}'`).join(', ')}]`);
  if (step.secretEnv?.length) lines.push(`    secretEnv: [${step.secretEnv.map((name) => `'${name}'`).join(', ')}]`);
  lines.push('    script: |', ...step.script.split('\n').map((line) => `      ${line}`));
  return lines.join('\n');
}

export function renderCloudbuild(manifest: Manifest): string {
  return `# Generated from infra/routes.json by tools/infra-check/cloudbuild.ts: run \`${GENERATE_COMMAND}\`, do not edit.
# On push to main: test, build the bundles, one image per function, one for
# the outbox relay and one for the API reference (in parallel), deploy each
# function and the reference as a tagged revision with no traffic, smoke-test
# it, move its traffic; deploy the relay (it takes over once its startup probe
# passes); then apply infra/ (the URL map follows the manifest). Unchanged
# bundles are neither rebuilt nor redeployed (infra/README.md, "Deploys").
# Substitutions come from the trigger (infra/modules/build-trigger) and reach
# the scripts as environment variables.
steps:
${cloudbuildSteps(manifest).map(renderStep).join('\n')}
availableSecrets:
  secretManager:
${migrateSecrets(manifest).map((env) => `    - versionName: ${secretVersion(env)}\n      env: ${env}`).join('\n')}
options:
  automapSubstitutions: true
  logging: CLOUD_LOGGING_ONLY
  # A private pool peered with the VPC: the smoke test calls revisions whose ingress is internal.
  pool:
    name: $_WORKER_POOL
timeout: 3600s
`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    writeFileSync(CLOUDBUILD_PATH, renderCloudbuild(loadManifest()));
    console.log(`wrote ${CLOUDBUILD_PATH}`);
  } catch (error) {
    console.error(`cloudbuild: ${error instanceof ManifestError ? error.message : (error as Error).message}`);
    process.exit(1);
  }
}
