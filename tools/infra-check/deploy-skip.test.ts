/**
 * Runs infra/deploy/deploy.sh and promote.sh against a fake gcloud that
 * describes a service and records every call: an unchanged bundle on the
 * serving, latest revision is not redeployed; anything else is. A function is
 * deployed tagged with no traffic; the relay serving, without a tag.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildDocsService } from '../build.ts';
import { extendedManifest } from './test-manifests.ts';

const DEPLOY_DIR = new URL('../../infra/deploy', import.meta.url).pathname;
const FAKE_GCLOUD = `#!/usr/bin/env bash
echo "$*" >> "$WORKSPACE/gcloud.log"
if [ "$1 $2 $3" = "run services describe" ]; then cat "$WORKSPACE/service.json"; fi
`;

let workspace = '';
afterEach(() => rmSync(workspace, { recursive: true, force: true }));

/** The services deployed here: a function's bundle folder, and the relay's (no index.js). */
const BUNDLES = {
  users: { dir: 'dist/functions/users', files: ['index.js', 'main.js', 'package.json', 'package-lock.json', 'Dockerfile'], mode: 'tagged' },
  relay: { dir: 'dist/relay', files: ['main.js', 'package.json', 'package-lock.json', 'Dockerfile'], mode: 'serving' },
};
type Name = keyof typeof BUNDLES;

/** A workspace with a built bundle and a service whose labelled revision runs the current or an older bundle; returns the bundle hash. */
function setUp(service: { servingRevision: string; latestRevision: string; bundle: 'current' | 'older' }, name: Name = 'users'): string {
  workspace = mkdtempSync(join(tmpdir(), 'canopy-deploy-'));
  cpSync(DEPLOY_DIR, join(workspace, 'infra/deploy'), { recursive: true });
  const { dir, files } = BUNDLES[name];
  mkdirSync(join(workspace, dir), { recursive: true });
  for (const file of files) writeFileSync(join(workspace, dir, file), `${file} of ${name}\n`);
  mkdirSync(join(workspace, 'bin'));
  writeFileSync(join(workspace, 'bin/gcloud'), FAKE_GCLOUD);
  chmodSync(join(workspace, 'bin/gcloud'), 0o755);
  const hash = execFileSync('bash', ['infra/deploy/bundle-hash.sh', dir], { cwd: workspace, encoding: 'utf8' }).trim();
  const labels = { 'canopy-bundle': service.bundle === 'current' ? hash : 'an-older-bundle' };
  writeFileSync(
    join(workspace, 'service.json'),
    JSON.stringify({
      spec: { template: { metadata: { labels } } },
      status: { latestCreatedRevisionName: service.latestRevision, traffic: [{ revisionName: service.servingRevision, percent: 100 }] },
    }),
  );
  return hash;
}

function run(script: string, name: Name = 'users'): string[] {
  const args = script === 'deploy.sh' ? [name, BUNDLES[name].dir, BUNDLES[name].mode] : [name];
  execFileSync('bash', [`infra/deploy/${script}`, ...args], {
    cwd: workspace,
    stdio: 'pipe',
    env: {
      PATH: `${join(workspace, 'bin')}:${process.env.PATH}`,
      WORKSPACE: workspace,
      _REGION: 'europe-west1',
      PROJECT_ID: 'canopy-test',
      _REPOSITORY: 'canopy',
      SHORT_SHA: 'abc1234',
    },
  });
  const log = join(workspace, 'gcloud.log');
  return existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
}

describe('deploy.sh and promote.sh', () => {
  it('skip a bundle the serving revision already runs', () => {
    const hash = setUp({ servingRevision: 'users-00002', latestRevision: 'users-00002', bundle: 'current' });
    expect(hash).toMatch(/^[0-9a-f]{32}$/);
    run('deploy.sh');
    run('promote.sh');
    expect(readFileSync(join(workspace, 'gcloud.log'), 'utf8')).not.toMatch(/run deploy|update-traffic/);
    expect(existsSync(join(workspace, '.canopy/deploy/users.unchanged'))).toBe(true);
  });

  it('deploy a changed bundle tagged, with no traffic, then move the traffic to the tag', () => {
    const hash = setUp({ servingRevision: 'users-00002', latestRevision: 'users-00002', bundle: 'older' });
    run('deploy.sh');
    const calls = run('promote.sh');
    expect(calls).toContain(
      `run deploy users --region=europe-west1 --image=europe-west1-docker.pkg.dev/canopy-test/canopy/users:bundle-${hash} --no-traffic --tag=sha-abc1234 --update-labels=canopy-bundle=${hash} --quiet`,
    );
    expect(calls).toContain('run services update-traffic users --region=europe-west1 --to-tags=sha-abc1234=100');
  });

  it('redeploy an unchanged bundle when Terraform made a later revision (new sizes or secrets)', () => {
    setUp({ servingRevision: 'users-00002', latestRevision: 'users-00003', bundle: 'current' });
    expect(run('deploy.sh').some((call) => call.startsWith('run deploy users'))).toBe(true);
  });
});

describe('deploy.sh for the relay', () => {
  it('deploys a changed bundle serving, without a tag (a tagged revision would keep its own instance running)', () => {
    const hash = setUp({ servingRevision: 'relay-00002', latestRevision: 'relay-00002', bundle: 'older' }, 'relay');
    const calls = run('deploy.sh', 'relay');
    expect(calls.filter((call) => !call.startsWith('run services describe'))).toEqual([
      `run deploy relay --region=europe-west1 --image=europe-west1-docker.pkg.dev/canopy-test/canopy/relay:bundle-${hash} --update-labels=canopy-bundle=${hash} --quiet`,
      'run services update-traffic relay --region=europe-west1 --to-latest --quiet',
    ]);
  });

  it('skips a bundle the serving relay already runs', () => {
    setUp({ servingRevision: 'relay-00002', latestRevision: 'relay-00002', bundle: 'current' }, 'relay');
    expect(run('deploy.sh', 'relay').filter((call) => !call.startsWith('run services describe'))).toEqual([]);
    expect(existsSync(join(workspace, '.canopy/deploy/relay.unchanged'))).toBe(true);
  });
});

describe('bundle-hash.sh for the API reference', () => {
  it('changes with every file its image copies: a new document or page is a new image, deployed', async () => {
    workspace = mkdtempSync(join(tmpdir(), 'canopy-deploy-'));
    cpSync(DEPLOY_DIR, join(workspace, 'infra/deploy'), { recursive: true });
    await buildDocsService(join(workspace, 'dist/docs-service'), extendedManifest([]).manifest);
    const hash = () => execFileSync('bash', ['infra/deploy/bundle-hash.sh', 'dist/docs-service'], { cwd: workspace, encoding: 'utf8' }).trim();
    const hashes = [hash()];
    for (const file of ['openapi.json', 'index.html', 'redoc.standalone.js', 'main.js']) {
      writeFileSync(join(workspace, 'dist/docs-service', file), `${readFileSync(join(workspace, 'dist/docs-service', file), 'utf8')}\n`);
      hashes.push(hash());
    }
    expect(new Set(hashes).size, hashes.join(' ')).toBe(hashes.length);
  });
});
