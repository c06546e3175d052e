import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { roleUrlVariable } from '../db-roles.ts';
import { loadManifest } from '../manifest.ts';
import { CI_IMAGE, CLOUDBUILD_PATH, cloudbuildSteps, DOCS_STEP_IDS, GENERATE_COMMAND, RELAY_STEP_IDS, renderCloudbuild, smokeRequest, WITH_CLOUD_SQL } from './cloudbuild.ts';
import { extendedManifest, fn, route } from './test-manifests.ts';

const manifest = loadManifest();
const script = (name: string) => readFileSync(new URL(`../../infra/deploy/${name}`, import.meta.url), 'utf8');

describe('cloudbuild.yaml', () => {
  it('is what the generator writes from the manifest', () => {
    const checkedIn = readFileSync(CLOUDBUILD_PATH, 'utf8');
    expect(checkedIn === renderCloudbuild(manifest), `cloudbuild.yaml is out of date with infra/routes.json: run ${GENERATE_COMMAND}`).toBe(true);
  });

  it('installs with npm ci, builds the CI image beside it, runs what CI runs and the drift check in that image, then builds', () => {
    const steps = Object.fromEntries(cloudbuildSteps(manifest).map((s) => [s.id, s]));
    expect(steps.install!.script).toContain('npm ci');
    expect(steps['ci-image']).toMatchObject({ name: 'gcr.io/cloud-builders/docker', waitFor: ['-'] });
    expect(steps['ci-image']!.script).toContain('bash infra/deploy/ci-image.sh');
    expect(script('ci-image.sh')).toContain('-t "$image:$COMMIT_SHA" -t "$image:latest" -f .ci/Dockerfile .ci');
    expect(CI_IMAGE).toBe('$_REGION-docker.pkg.dev/$PROJECT_ID/$_REPOSITORY/ci:$COMMIT_SHA');
    expect(steps.test).toMatchObject({ name: CI_IMAGE, waitFor: ['install', 'ci-image'] });
    expect(steps.test!.script).toMatch(/\nbash \.ci\/test$/);
    expect(steps.drift).toMatchObject({ name: CI_IMAGE, waitFor: ['install', 'ci-image'] });
    expect(steps.drift!.script).toMatch(/\nnpm run drift$/);
    expect(steps.build).toMatchObject({ waitFor: ['test', 'drift'] });
    expect(steps.build!.script).toContain('npm run build');
  });

  it('reaches the database through the Cloud SQL Auth Proxy in the CI image (a build step has no /cloudsql mount)', () => {
    const steps = Object.fromEntries(cloudbuildSteps(manifest).map((s) => [s.id, s]));
    // The owner's URL, and each function's own so its role gets that URL's password.
    expect(steps['db-migrate']).toMatchObject({ name: CI_IMAGE, secretEnv: ['DATABASE_URL', ...Object.keys(manifest.functions).map(roleUrlVariable)] });
    expect(WITH_CLOUD_SQL).toBe('bash infra/deploy/cloud-sql.sh');
    expect(steps['db-migrate']!.script).toMatch(/\nbash infra\/deploy\/cloud-sql\.sh npm run db:migrate$/);
    expect(steps.modes).toMatchObject({ name: CI_IMAGE, secretEnv: ['DATABASE_URL'] });
    expect(steps.modes!.script).toMatch(/\nbash infra\/deploy\/cloud-sql\.sh npm run modes -- sync$/);
    expect(script('cloud-sql.sh')).toContain('cloud-sql-proxy --unix-socket "$dir" "$instance" &');
  });
});

describe('cloudbuildSteps for several functions', () => {
  const { manifest: more } = extendedManifest(
    [fn('orders'), fn('order-events')],
    [route('orders-create', { function: 'orders', methods: ['POST'] }), route('orders-detail', { function: 'orders', pathTemplate: '/api/orders/{id}/' })],
  );
  const steps = cloudbuildSteps(more);
  const byId = Object.fromEntries(steps.map((s) => [s.id, s]));
  const names = Object.keys(more.functions);

  it.each(names)('builds %s in parallel with the others: its image step waits on the build only', (name) => {
    expect(byId[`image-${name}`]).toMatchObject({ name: 'gcr.io/cloud-builders/docker', waitFor: ['build'] });
    expect(byId[`image-${name}`]!.script).toContain(`bash infra/deploy/image.sh ${name} dist/functions/${name}`);
  });

  it.each(names)('deploys %s with no traffic, smoke-tests it, then moves its traffic', (name) => {
    expect(byId[`deploy-${name}`]!.waitFor).toEqual([`image-${name}`, 'services', 'db-migrate']);
    expect(byId[`deploy-${name}`]!.script).toContain(`bash infra/deploy/deploy.sh ${name} dist/functions/${name} tagged`);
    expect(byId[`smoke-${name}`]!.waitFor).toEqual([`deploy-${name}`]);
    expect(byId[`promote-${name}`]!.waitFor).toEqual([`smoke-${name}`]);
  });

  it('migrates Canopy\'s tables before any deploy, with the owner\'s database URL and each function role\'s own from Secret Manager', () => {
    expect(byId['db-migrate']).toMatchObject({ waitFor: ['build'], secretEnv: ['DATABASE_URL', ...Object.keys(more.functions).map(roleUrlVariable)] });
    expect(byId['db-migrate']!.script).toContain('npm run db:migrate');
  });

  it('builds the relay\'s image beside the functions\' and deploys it serving, after the migration: its startup probe is its smoke test', () => {
    expect(RELAY_STEP_IDS).toEqual(['image-relay', 'deploy-relay']);
    expect(byId['image-relay']).toMatchObject({ name: 'gcr.io/cloud-builders/docker', waitFor: ['build'] });
    expect(byId['image-relay']!.script).toContain('bash infra/deploy/image.sh relay dist/relay');
    expect(byId['deploy-relay']).toMatchObject({ waitFor: ['image-relay', 'services', 'db-migrate'] });
    expect(byId['deploy-relay']!.script).toContain('bash infra/deploy/deploy.sh relay dist/relay serving');
    expect(steps.filter((s) => /-relay$/.test(s.id)).map((s) => s.id)).toEqual(RELAY_STEP_IDS);
  });

  it('builds the API reference\'s image beside the others, deploys it tagged once its service exists, smoke-tests the document, then moves its traffic', () => {
    expect(DOCS_STEP_IDS).toEqual(['image-api-docs', 'deploy-api-docs', 'smoke-api-docs', 'promote-api-docs']);
    expect(byId['image-api-docs']).toMatchObject({ name: 'gcr.io/cloud-builders/docker', waitFor: ['build'] });
    expect(byId['image-api-docs']!.script).toContain('bash infra/deploy/image.sh api-docs dist/docs-service');
    // It reads no database: no wait for the migration.
    expect(byId['deploy-api-docs']).toMatchObject({ waitFor: ['image-api-docs', 'services'] });
    expect(byId['deploy-api-docs']!.script).toContain('bash infra/deploy/deploy.sh api-docs dist/docs-service tagged');
    expect(byId['smoke-api-docs']).toMatchObject({ waitFor: ['deploy-api-docs'] });
    expect(byId['smoke-api-docs']!.script).toContain('bash infra/deploy/smoke.sh api-docs GET /api/docs/openapi.json');
    expect(byId['promote-api-docs']).toMatchObject({ waitFor: ['smoke-api-docs'] });
    expect(byId['promote-api-docs']!.script).toContain('bash infra/deploy/promote.sh api-docs');
  });

  it('applies the routing after every function and the API reference moved their traffic and the relay is deployed, then syncs route modes', () => {
    expect(byId.routing).toMatchObject({ waitFor: [...names.map((n) => `promote-${n}`), 'deploy-relay', 'promote-api-docs'] });
    expect(steps.at(-1)).toMatchObject({ id: 'modes', waitFor: ['routing'], secretEnv: ['DATABASE_URL'] });
    expect(steps.at(-1)!.script).toContain('npm run modes -- sync');
    expect(byId.services!.script).toContain('terraform.sh -target=module.function -target=module.relay -target=module.docs');
  });

  it('smoke-tests a GET route with variables filled, else the first route, else a push POST to /', () => {
    expect(smokeRequest(more, 'users')).toEqual({ method: 'GET', path: '/api/users/me/' });
    expect(smokeRequest(more, 'orders')).toEqual({ method: 'GET', path: '/api/orders/1/' });
    expect(smokeRequest(extendedManifest([fn('orders')], [route('o', { function: 'orders', methods: ['POST'] })]).manifest, 'orders')).toEqual({
      method: 'POST',
      path: '/api/o/',
    });
    expect(smokeRequest(more, 'order-events')).toEqual({ method: 'POST', path: '/' });
  });
});

describe('the deploy scripts', () => {
  it('deploy a function as a tagged revision with no traffic, labelled with the bundle hash', () => {
    expect(script('deploy.sh')).toContain('tagged) traffic=(--no-traffic --tag="sha-$SHORT_SHA") ;;');
    expect(script('deploy.sh')).toMatch(/gcloud run deploy "\$name" .*\n\s+"\$\{traffic\[@\]\}" --update-labels="canopy-bundle=\$hash"/);
  });

  it('push the image to Artifact Registry tagged with the commit', () => {
    expect(script('image.sh')).toContain('image="$_REGION-docker.pkg.dev/$PROJECT_ID/$_REPOSITORY/$name"');
    expect(script('image.sh')).toContain('-t "$image:$COMMIT_SHA"');
  });

  it('smoke-test with an identity token and fail on a 5xx', () => {
    expect(script('smoke.sh')).toContain('gcloud auth print-identity-token --audiences="canopy-$name"');
    expect(script('smoke.sh')).toContain('[ "$status" -ge 500 ]');
  });

  it('move traffic to the tag', () => {
    expect(script('promote.sh')).toContain('gcloud run services update-traffic "$name" --region="$_REGION" --to-tags="sha-$SHORT_SHA=100"');
  });
});
