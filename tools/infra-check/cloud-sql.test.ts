/**
 * Runs infra/deploy/cloud-sql.sh (what the db-migrate and modes steps run
 * their command through) with a stand-in for the Cloud SQL Auth Proxy that
 * records its arguments and serves a real Unix socket, as the proxy does once
 * the Cloud SQL Admin API has described the instance.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const SCRIPT = new URL('../../infra/deploy/cloud-sql.sh', import.meta.url).pathname;
const INSTANCE = 'canopy-test:europe-west1:monolith';
const FAKE_PROXY = `#!/usr/bin/env python3
import os, signal, socket, sys, time
log = open(os.path.join(os.environ['WORKSPACE'], 'proxy.log'), 'a', buffering=1)
log.write(' '.join(sys.argv[1:]) + '\\n')
if os.environ.get('FAKE_PROXY') == 'refused':
    print('failed to get instance: permission denied', file=sys.stderr)
    sys.exit(1)
args = sys.argv[1:]
folder = os.path.join(args[args.index('--unix-socket') + 1], args[-1])
os.makedirs(folder, exist_ok=True)
server = socket.socket(socket.AF_UNIX)
server.bind(os.path.join(folder, '.s.PGSQL.5432'))
server.listen()
def stop(*_):
    log.write('stopped\\n')
    sys.exit(0)
signal.signal(signal.SIGTERM, stop)
time.sleep(600)
`;

let workspace = '';
afterEach(() => rmSync(workspace, { recursive: true, force: true }));

/** Runs the script with the stand-in proxy first on PATH; returns its exit status, stderr and the proxy's log. */
function run(command: string, fake: 'serves' | 'refused' = 'serves') {
  workspace = mkdtempSync(join(tmpdir(), 'canopy-cloud-sql-'));
  mkdirSync(join(workspace, 'bin'));
  writeFileSync(join(workspace, 'bin/cloud-sql-proxy'), FAKE_PROXY);
  chmodSync(join(workspace, 'bin/cloud-sql-proxy'), 0o755);
  const result = spawnSync('bash', [SCRIPT, 'bash', '-c', command], {
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      PATH: `${join(workspace, 'bin')}:${process.env.PATH}`,
      WORKSPACE: workspace,
      FAKE_PROXY: fake,
      _CLOUD_SQL_INSTANCE: INSTANCE,
      CLOUD_SQL_SOCKET_DIR: join(workspace, 'cloudsql'),
    },
  });
  const log = join(workspace, 'proxy.log');
  return { status: result.status, stderr: result.stderr, proxy: existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [] };
}

describe('cloud-sql.sh', () => {
  it('runs the command once the proxy serves the socket DATABASE_URL names, then stops the proxy', () => {
    const { status, proxy } = run('test -S "$CLOUD_SQL_SOCKET_DIR/$_CLOUD_SQL_INSTANCE/.s.PGSQL.5432" && echo ran > "$WORKSPACE/ran"');
    expect(status).toBe(0);
    expect(readFileSync(join(workspace, 'ran'), 'utf8')).toBe('ran\n');
    expect(proxy).toEqual([`--unix-socket ${join(workspace, 'cloudsql')} ${INSTANCE}`, 'stopped']);
  });

  it('fails with the command\'s status, and still stops the proxy', () => {
    const { status, proxy } = run('exit 3');
    expect(status).toBe(3);
    expect(proxy.at(-1)).toBe('stopped');
  });

  it('fails in one line, without running the command, when the proxy cannot serve the instance', () => {
    const { status, stderr } = run('echo ran > "$WORKSPACE/ran"', 'refused');
    expect(status).toBe(1);
    expect(existsSync(join(workspace, 'ran'))).toBe(false);
    expect(stderr.trim().split('\n').at(-1)).toBe(`cloud-sql: the Cloud SQL Auth Proxy stopped before serving ${INSTANCE} (its log is above)`);
  });
});
