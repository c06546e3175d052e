/**
 * The pipeline's dry run on this repository, and on planted copies of it in
 * temp folders (the real cloudbuild.yaml and manifest are never edited): a
 * function renamed in the manifest only, an image no step builds, a step whose
 * waitFor lets it run too early. Each planted mistake fails naming the step
 * and the reason. Each run builds the bundles for real: minutes on a busy machine.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadManifest } from '../manifest.ts';
import { dryRun } from './dry-run.ts';
import { DryRunError } from './world.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const RUN = 600_000;
const manifest = loadManifest();

let planted = '';
afterEach(() => planted && rmSync(planted, { recursive: true, force: true }));

/** A copy of the checkout whose cloudbuild.yaml or manifest a test changes. */
function plant(edit: { cloudbuild?: (steps: { id: string; waitFor?: string[] }[]) => unknown[]; manifest?: (text: string) => string }): string {
  planted = mkdtempSync(join(tmpdir(), 'canopy-planted-'));
  cpSync(ROOT, planted, { recursive: true, filter: (source) => !['node_modules', '.git', 'dist', '.canopy', '.terraform'].includes(basename(source)) });
  if (edit.cloudbuild) {
    const doc = parse(readFileSync(join(planted, 'cloudbuild.yaml'), 'utf8')) as { steps: { id: string; waitFor?: string[] }[] };
    doc.steps = edit.cloudbuild(doc.steps) as typeof doc.steps;
    writeFileSync(join(planted, 'cloudbuild.yaml'), stringify(doc));
  }
  if (edit.manifest) writeFileSync(join(planted, 'infra/routes.json'), edit.manifest(readFileSync(join(planted, 'infra/routes.json'), 'utf8')));
  return planted;
}

async function failure(root: string): Promise<string> {
  const error = await dryRun({ root }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DryRunError);
  return (error as Error).message;
}

describe('npm run deploy:dry-run', () => {
  it(
    'runs the checked-in pipeline: tagged no-traffic deploys, smoke, promote, the URL map after every promotion, modes sync after the URL map',
    async () => {
      const plan = (await dryRun()).join('\n');
      expect(plan).toContain('bash .ci/test   (recorded, not run');
      const order = (text: string) => {
        const at = plan.indexOf(text);
        expect(at, text).toBeGreaterThan(-1);
        return at;
      };
      for (const name of Object.keys(manifest.functions)) {
        const deploy = order(`gcloud run deploy ${name} --region=europe-west1 --image=europe-west1-docker.pkg.dev/canopy-prod/canopy/${name}:bundle-`);
        expect(plan.slice(deploy).split('\n')[0]).toMatch(/ --no-traffic --tag=sha-[0-9a-f]{7} /);
        expect(order(`https://sha-`) < order(`update-traffic ${name} --region=europe-west1 --to-tags=sha-`)).toBe(true);
        expect(order(`update-traffic ${name} `) < order('URL map:')).toBe(true);
      }
      for (const route of manifest.routes.filter((r) => r.stage !== 'off')) order(`URL map: ${route.pathTemplate} (${route.id}) -> ${route.function}`);
      expect(order('terraform apply -input=false -auto-approve -var-file=production.tfvars\n')).toBeLessThan(order('npm run modes -- sync'));
      expect(plan).toContain('gcloud run deploy relay --region=europe-west1');
      // The API reference: deployed tagged, smoke-tested on its document, promoted, and routed ahead of the manifest.
      const docs = order('gcloud run deploy api-docs --region=europe-west1 --image=europe-west1-docker.pkg.dev/canopy-prod/canopy/api-docs:bundle-');
      expect(plan.slice(docs).split('\n')[0]).toMatch(/ --no-traffic --tag=sha-[0-9a-f]{7} /);
      expect(order('api-docs-dryrun-ew.a.run.app/api/docs/openapi.json') < order('update-traffic api-docs --region=europe-west1 --to-tags=sha-')).toBe(true);
      expect(order('update-traffic api-docs ') < order('URL map: /api/docs (api-docs) -> api-docs 100 %')).toBe(true);
      expect(order('URL map: /api/docs/* (api-docs) -> api-docs 100 %')).toBeLessThan(order(`URL map: ${manifest.routes[0]!.pathTemplate}`));
    },
    RUN,
  );

  it(
    'fails on a function renamed in the manifest only, naming the first step that names the old service',
    async () => {
      const root = plant({ manifest: (text) => text.replaceAll('"users"', '"people"') });
      expect(await failure(root)).toMatch(/^image-users: names service "users", which is neither a function in infra\/routes\.json \(.*people.*\) nor the relay: run npm run cloudbuild:generate$/);
    },
    RUN,
  );

  it(
    'fails on a deploy whose image no step builds, naming the deploy step and the image',
    async () => {
      const root = plant({
        cloudbuild: (steps) =>
          steps.filter((s) => s.id !== 'image-orders').map((s) => (s.id === 'deploy-orders' ? { ...s, waitFor: ['build', 'services', 'db-migrate'] } : s)),
      });
      expect(await failure(root)).toMatch(/^deploy-orders: needs image europe-west1-docker\.pkg\.dev\/canopy-prod\/canopy\/orders:bundle-[0-9a-f]{32}, which no step before it made$/);
    },
    RUN,
  );

  it(
    'fails on a step whose waitFor lets it run before what it needs: terraform apply before the production variables are copied',
    async () => {
      const root = plant({ cloudbuild: (steps) => steps.map((s) => (s.id === 'services' ? { ...s, waitFor: ['install'] } : s)) });
      expect(await failure(root)).toBe(
        'services: needs infra/production.tfvars (copied from the state bucket), made by step tfvars, but its waitFor lets it run before tfvars: add tfvars (or a step after it) to waitFor',
      );
    },
    RUN,
  );

  it(
    'fails when the URL map may be applied before a function it routes to is promoted',
    async () => {
      const root = plant({ cloudbuild: (steps) => steps.map((s) => (s.id === 'routing' ? { ...s, waitFor: s.waitFor!.filter((id) => id !== 'promote-orders') } : s)) });
      expect(await failure(root)).toMatch(/^routing: needs orders's new revision promoted before the URL map sends orders-\w+ to it, made by step promote-orders, but its waitFor lets it run before promote-orders/);
    },
    RUN,
  );

  it(
    'fails when the URL map may send /api/docs to the API reference before its new revision is promoted',
    async () => {
      const root = plant({ cloudbuild: (steps) => steps.map((s) => (s.id === 'routing' ? { ...s, waitFor: s.waitFor!.filter((id) => id !== 'promote-api-docs') } : s)) });
      expect(await failure(root)).toMatch(/^routing: needs api-docs's new revision promoted before the URL map sends api-docs to it, made by step promote-api-docs, but its waitFor lets it run before promote-api-docs/);
    },
    RUN,
  );
});
