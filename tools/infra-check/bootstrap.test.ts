/**
 * Runs infra/bootstrap.sh (the first apply on a new project) against a
 * terraform and a gcloud that record their calls: the APIs first, then the
 * secrets and metrics, then a stop naming every secret without a version,
 * and the full apply only when all have one.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadTerraform } from './terraform.ts';

const SCRIPT = new URL('../../infra/bootstrap.sh', import.meta.url).pathname;
const SECRETS = ['projects/canopy-test/secrets/canopy-database-url', 'projects/canopy-test/secrets/canopy-secret-key'];
const FAKE_TERRAFORM = `#!/usr/bin/env bash
echo "terraform $*" >> "$WORKSPACE/calls.log"
if [ "$1 $2" = "output -json" ]; then echo '${JSON.stringify(SECRETS)}'; fi
`;
// Lists an enabled version for the secrets named in $WITH_VERSION.
const FAKE_GCLOUD = `#!/usr/bin/env bash
echo "gcloud $1 $2 $3 $4" >> "$WORKSPACE/calls.log"
case " $WITH_VERSION " in *" $4 "*) echo "$4/versions/1" ;; esac
`;

const terraform = await loadTerraform();
let workspace = '';
afterEach(() => rmSync(workspace, { recursive: true, force: true }));

function bootstrap(withVersion: string[]) {
  workspace = mkdtempSync(join(tmpdir(), 'canopy-bootstrap-'));
  mkdirSync(join(workspace, 'infra'));
  cpSync(SCRIPT, join(workspace, 'infra/bootstrap.sh'));
  mkdirSync(join(workspace, 'bin'));
  for (const [name, text] of [['terraform', FAKE_TERRAFORM], ['gcloud', FAKE_GCLOUD]] as const) {
    writeFileSync(join(workspace, 'bin', name), text);
    chmodSync(join(workspace, 'bin', name), 0o755);
  }
  const result = spawnSync('bash', [join(workspace, 'infra/bootstrap.sh'), '-var-file=production.tfvars'], {
    encoding: 'utf8',
    env: { PATH: `${join(workspace, 'bin')}:${process.env.PATH}`, WORKSPACE: workspace, WITH_VERSION: withVersion.join(' ') },
  });
  const log = join(workspace, 'calls.log');
  return { status: result.status, stderr: result.stderr, calls: existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [] };
}

const PHASES = [
  'terraform apply -input=false -var-file=production.tfvars -target=google_project_service.this',
  'terraform apply -input=false -var-file=production.tfvars -target=module.secrets -target=module.monitoring.google_logging_metric.count -target=module.monitoring.google_logging_metric.latency',
  'terraform output -json secret_ids',
  ...SECRETS.map((id) => `gcloud secrets versions list ${id}`),
];

describe('infra/bootstrap.sh', () => {
  it('stops before the functions exist, naming each secret that has no version and the command that adds one', () => {
    const { status, stderr, calls } = bootstrap([SECRETS[0]!]);
    expect(status).toBe(1);
    expect(calls).toEqual(PHASES);
    expect(stderr.trim().split('\n')).toEqual([
      'bootstrap: add a value to each secret below, then run this again:',
      `  printf %s "$VALUE" | gcloud secrets versions add ${SECRETS[1]} --data-file=-`,
    ]);
  });

  it('applies everything once every secret has a version', () => {
    const { status, calls } = bootstrap(SECRETS);
    expect(status).toBe(0);
    expect(calls).toEqual([...PHASES, 'terraform apply -input=false -var-file=production.tfvars']);
  });

  it('targets only addresses infra/ declares', () => {
    const root = terraform.get('')!;
    const targets = [...readFileSync(SCRIPT, 'utf8').matchAll(/-target=([\w.]+)/g)].map((m) => m[1]!);
    const unknown = targets.filter((target) => {
      const [first, name, ...rest] = target.split('.');
      if (first !== 'module') return !(target in root.resources);
      const module = root.modules[name!];
      if (!module || rest.length === 0) return !module;
      const dir = (module.source as string).replace(/^\.\//, '');
      return !(rest.join('.') in (terraform.get(dir)?.resources ?? {}));
    });
    expect(targets.length).toBeGreaterThan(0);
    expect(unknown).toEqual([]);
  });
});
