import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEV_SECRET_KEY } from '../stack/monolith.ts';
import { CLOUDBUILD_PATH } from './cloudbuild.ts';
import { scanPaths, scanText } from './secret-scan.ts';
import { INFRA_DIR } from './terraform.ts';

describe('secret scan', () => {
  it('finds no secret value in infra/ or cloudbuild.yaml', () => {
    expect(scanPaths([INFRA_DIR, CLOUDBUILD_PATH], `${INFRA_DIR}/..`)).toEqual([]);
  });

  // Samples are made at run time, so no secret-looking literal sits in this file either.
  it.each([
    ['a private key', `-----BEGIN RSA ${'PRIVATE'} KEY-----`],
    ['a password assignment', `password = "${randomBytes(6).toString('hex')}"`],
    ['a token or key assignment', `api_key: "${randomBytes(6).toString('hex')}"`],
    ['credentials in a URL', `DATABASE_URL=postgres://canopy:${randomBytes(4).toString('hex')}@10.0.0.3/canopy`],
    ['a Google API key', `key = AIza${'x'.repeat(35)}`],
    ['a long hex string', randomBytes(20).toString('hex')],
    ['a long base64 string', 'Zm9vYmFyQmF6cXV4' + randomBytes(30).toString('base64').replace(/[^A-Za-z0-9]/g, 'A') + 'Q7z'],
    ['a local development secret', `SECRET_KEY=${DEV_SECRET_KEY}`],
    ['a local development secret', 'PAYMENTS_WEBHOOK_SECRET=whsec-local-dev'],
  ])('flags %s', (rule, line) => {
    expect(scanText(`ok\n${line}\n`, 'sample.tf')).toContainEqual({ file: 'sample.tf', line: 2, rule });
  });

  it.each([
    'postgres://<user>:<password>@/<db>?host=/cloudsql/<project>:<region>:<instance>',
    'secret  = env.value',
    'secret_id = "canopy-${lower(replace(each.key, "_", "-"))}"',
    'image = "us-docker.pkg.dev/cloudrun/container/hello"',
    'bash infra/deploy/smoke.sh users GET /api/users/me/',
  ])('leaves alone %s', (line) => {
    expect(scanText(line, 'sample.tf')).toEqual([]);
  });
});
