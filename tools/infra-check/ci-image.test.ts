/**
 * The build runs the tests where CI runs them: CI (.ci/run) and the build's
 * image (.ci/Dockerfile) install the same Debian package list with the same
 * script, and both run .ci/test (Django 5.2 beside the system's 3.2, then every test command through .ci/run-suite). terraform is never assumed: the image copies
 * it from the image the build's terraform steps run in.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DJANGO_PACKAGES } from '../stack/monolith.ts';
import { TERRAFORM } from './cloudbuild.ts';

const ci = (name: string) => readFileSync(new URL(`../../.ci/${name}`, import.meta.url), 'utf8');
const commands = (text: string) => text.split('\n').filter((line) => line.trim() && !line.trimStart().startsWith('#'));

describe('.ci', () => {
  it('lists every Debian package the monolith, the schema snapshot, the browser tests and the emulator need', () => {
    const packages = commands(ci('debian-packages')).map((line) => line.trim());
    expect(packages).toEqual(expect.arrayContaining([...DJANGO_PACKAGES.split(' '), 'postgresql-client', 'chromium', 'default-jre-headless']));
  });

  it('run: installs, then npm ci, then what the build runs: Django 5.2 beside the system\'s, then the test commands', () => {
    expect(commands(ci('run')).slice(-3)).toEqual(['.ci/install', 'npm ci --no-audit --no-fund', '.ci/test']);
    // Every test command through run-suite, which also fails on a failing vitest summary.
    // The parity suites a second time with the functions behind PgBouncer in transaction mode (infra's db_pooling).
    // The suites facing the monolith again on Django 5.2 and on the alternate configuration.
    const facing = 'npx vitest run --project integration $facing_suites';
    expect(commands(ci('test')).slice(-8)).toEqual([
      'npm run django -- 5.2',
      ...['npm test', 'env CANOPY_TEST_PGBOUNCER=1 npx vitest run --project integration test/parity'].map((command) => `bash .ci/run-suite ${command}`),
      'facing_suites="test/parity test/identity/cross-side.test.ts test/async/state-parity.test.ts"',
      ...['env CANOPY_DJANGO=5.2', 'env CANOPY_MONOLITH_CONFIG=alternate'].map((world) => `bash .ci/run-suite ${world} ${facing}`),
      ...['npm run test:reliability', 'npm run test:guards'].map((command) => `bash .ci/run-suite ${command}`),
    ]);
    expect(ci('debian-packages').split('\n')).toContain('pgbouncer');
  });

  it('install: terraform and the Pub/Sub emulator from their vendors\' apt repositories when missing, fatal only with --strict', () => {
    const install = ci('install');
    expect(install).toContain("grep -v '^#' debian-packages | xargs apt-get install");
    expect(install).toMatch(/command -v terraform >\/dev\/null \|\|\n\s+vendor_install hashicorp https:\/\/apt\.releases\.hashicorp\.com\/gpg/);
    expect(install).toContain('google-cloud-cli google-cloud-cli-pubsub-emulator');
    expect(install).toContain('[ "$strict" != --strict ]');
  });

  it('Dockerfile: terraform from the image the terraform steps run, the Cloud SQL Auth Proxy from Google\'s, then install --strict', () => {
    const dockerfile = commands(ci('Dockerfile'));
    expect(dockerfile).toContain(`FROM ${TERRAFORM} AS terraform`);
    expect(dockerfile).toEqual(expect.arrayContaining([expect.stringMatching(/^FROM gcr\.io\/cloud-sql-connectors\/cloud-sql-proxy:2\.\d+\.\d+ AS cloud-sql-proxy$/)]));
    expect(dockerfile).toContain('FROM node:20-bookworm');
    expect(dockerfile).toContain('COPY --from=terraform /bin/terraform /usr/local/bin/terraform');
    expect(dockerfile).toContain('COPY --from=cloud-sql-proxy /cloud-sql-proxy /usr/local/bin/cloud-sql-proxy');
    expect(dockerfile).toContain('RUN /opt/canopy-ci/install --strict \\');
  });
});
