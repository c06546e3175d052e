import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { roleUrlVariable } from '../db-roles.ts';
import { loadManifest } from '../manifest.ts';
import { DJANGO_PACKAGES } from '../stack/monolith.ts';
import { CLOUDBUILD_PATH, cloudbuildSteps, GENERATE_COMMAND, renderCloudbuild, smokeRequest } from './cloudbuild.ts';
import { extendedManifest, fn, route } from './test-manifests.ts';

const manifest = loadManifest();
const script = (name: string) => readFileSync(new URL(`../../infra/deploy/${name}`, import.meta.url), 'utf8');

describe('cloudbuild.yaml', () => {
  it('is what the generator writes from the manifest', () => {
    const checkedIn = readFileSync(CLOUDBUILD_PATH, 'utf8');
    expect(checkedIn === renderCloudbuild(manifest), `cloudbuild.yaml is out of date with infra/routes.json: run ${GENERATE_COMMAND}`).toBe(true);
  });

  it('installs with npm ci, tests with npm test after the Django packages, then builds', () => {
    const steps = Object.fromEntries(cloudbuildSteps(manifest).map((s) => [s.id, s]));
    expect(steps.install!.script).toContain('npm ci');
    expect(steps.test).toMatchObject({ name: 'node:20', waitFor: ['install'] });
    expect(steps.test!.script).toContain(`apt-get install -y --no-install-recommends ${DJANGO_PACKAGES}\nnpm test`);
    expect(steps.build).toMatchObject({ waitFor: ['test'] });
    expect(steps.build!.script).toContain('npm run build');
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
    expect(byId[`image-${name}`]!.script).toContain(`bash infra/deploy/image.sh ${name}`);
  });

  it.each(names)('deploys %s with no traffic, smoke-tests it, then moves its traffic', (name) => {
    expect(byId[`deploy-${name}`]!.waitFor).toEqual([`image-${name}`, 'services', 'db-migrate']);
    expect(byId[`smoke-${name}`]!.waitFor).toEqual([`deploy-${name}`]);
    expect(byId[`promote-${name}`]!.waitFor).toEqual([`smoke-${name}`]);
  });

  it('migrates Canopy\'s tables before any deploy, with the owner\'s database URL and each function role\'s own from Secret Manager', () => {
    expect(byId['db-migrate']).toMatchObject({ waitFor: ['build'], secretEnv: ['DATABASE_URL', ...Object.keys(more.functions).map(roleUrlVariable)] });
    expect(byId['db-migrate']!.script).toContain('npm run db:migrate');
  });

  it('applies the routing after every function moved its traffic, then syncs route modes', () => {
    expect(byId.routing).toMatchObject({ waitFor: names.map((n) => `promote-${n}`) });
    expect(steps.at(-1)).toMatchObject({ id: 'modes', waitFor: ['routing'], secretEnv: ['DATABASE_URL'] });
    expect(steps.at(-1)!.script).toContain('npm run modes -- sync');
    expect(byId.services!.script).toContain('terraform.sh -target=module.function');
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
  it('deploy a tagged revision with no traffic, labelled with the bundle hash', () => {
    expect(script('deploy.sh')).toMatch(/gcloud run deploy "\$name" .*\n\s+--no-traffic --tag="sha-\$SHORT_SHA" --update-labels="canopy-bundle=\$hash"/);
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
