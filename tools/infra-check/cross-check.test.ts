import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadManifest } from '../manifest.ts';
import { CLOUDBUILD_PATH } from './cloudbuild.ts';
import { checkCloudbuild, checkFunctionFolders, functionFolders } from './cross-check.ts';
import { extendedManifest, fn } from './test-manifests.ts';

const FUNCTIONS_DIR = new URL('../../functions', import.meta.url).pathname;
const manifest = loadManifest();

describe('the manifest, functions/ and cloudbuild.yaml agree', () => {
  it('has a functions/<name>/index.ts for every manifest function and a manifest function for every folder', () => {
    expect(checkFunctionFolders(manifest, functionFolders(FUNCTIONS_DIR))).toEqual([]);
  });

  it('has image, deploy, smoke and promote steps in cloudbuild.yaml for every function, and image and deploy steps for the relay', () => {
    expect(checkCloudbuild(manifest, readFileSync(CLOUDBUILD_PATH, 'utf8'))).toEqual([]);
  });
});

describe('the cross-check fails, naming what is missing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'canopy-functions-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  for (const name of ['users', 'stray']) {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, 'index.ts'), '');
  }
  mkdirSync(join(dir, 'no-index'));
  const { manifest: withGhost } = extendedManifest([fn('ghost')]);

  it('for a manifest function without a folder, and a folder without a manifest function', () => {
    expect(functionFolders(dir)).toEqual(['stray', 'users']);
    expect(checkFunctionFolders(withGhost, functionFolders(dir))).toEqual([
      'function "ghost" is in infra/routes.json but functions/ghost/index.ts does not exist',
      'functions/stray/index.ts exists but infra/routes.json has no function "stray": add it to "functions" there',
    ]);
  });

  it('for a manifest function without build steps in cloudbuild.yaml', () => {
    // The real manifest (which the checked-in cloudbuild.yaml follows) plus a ghost.
    const realWithGhost = { ...manifest, functions: { ...manifest.functions, ...Object.fromEntries([fn('ghost')]) } };
    expect(checkCloudbuild(realWithGhost, readFileSync(CLOUDBUILD_PATH, 'utf8'))).toEqual(
      ['image', 'deploy', 'smoke', 'promote'].map(
        (phase) => `cloudbuild.yaml has no step ${phase}-ghost for function "ghost": run npm run cloudbuild:generate`,
      ),
    );
  });

  it('for a function named like the relay, whose service and account it would take', () => {
    const { manifest: clash } = extendedManifest([fn('relay')]);
    expect(checkFunctionFolders(clash, ['relay', 'users'])).toEqual([
      'function "relay" in infra/routes.json has the outbox relay\'s service name: rename the function',
    ]);
  });

  it('for a cloudbuild.yaml without the relay\'s steps', () => {
    const yaml = readFileSync(CLOUDBUILD_PATH, 'utf8').replace(/^ {2}- id: (image|deploy)-relay$/gm, '  - id: $1-gone');
    expect(checkCloudbuild(manifest, yaml)).toEqual([
      'cloudbuild.yaml has no step image-relay for the outbox relay: run npm run cloudbuild:generate',
      'cloudbuild.yaml has no step deploy-relay for the outbox relay: run npm run cloudbuild:generate',
      'cloudbuild.yaml has step image-gone for a function not in infra/routes.json: run npm run cloudbuild:generate',
      'cloudbuild.yaml has step deploy-gone for a function not in infra/routes.json: run npm run cloudbuild:generate',
    ]);
  });

  it('for a function named like the API reference\'s service, and a cloudbuild.yaml without the reference\'s steps', () => {
    const { manifest: clash } = extendedManifest([fn('api-docs')]);
    expect(checkFunctionFolders(clash, ['api-docs', 'users'])).toEqual([
      'function "api-docs" in infra/routes.json has the API reference\'s service name: rename the function',
    ]);
    const yaml = readFileSync(CLOUDBUILD_PATH, 'utf8').replace(/^ {2}- id: (smoke|promote)-api-docs$/gm, '  - id: $1-docs-gone');
    expect(checkCloudbuild(manifest, yaml)).toEqual([
      'cloudbuild.yaml has no step smoke-api-docs for the API reference: run npm run cloudbuild:generate',
      'cloudbuild.yaml has no step promote-api-docs for the API reference: run npm run cloudbuild:generate',
      'cloudbuild.yaml has step smoke-docs-gone for a function not in infra/routes.json: run npm run cloudbuild:generate',
      'cloudbuild.yaml has step promote-docs-gone for a function not in infra/routes.json: run npm run cloudbuild:generate',
    ]);
  });

  it('for build steps of a function no longer in the manifest', () => {
    const yaml = `${readFileSync(CLOUDBUILD_PATH, 'utf8')}  - id: deploy-retired\n`;
    expect(checkCloudbuild(manifest, yaml)).toEqual([
      'cloudbuild.yaml has step deploy-retired for a function not in infra/routes.json: run npm run cloudbuild:generate',
    ]);
  });
});
