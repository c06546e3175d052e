/**
 * A real PgBouncer (Debian's `pgbouncer` package) in transaction mode in front
 * of a PostgreSQL server, as infra's db_pooling puts one (or Cloud SQL's
 * managed pooling) in front of the production database. Its pools are kept
 * smaller than the clients' connections, so consecutive transactions of one
 * client really do land on different server connections.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseDatabaseUrl } from '../../shared/database-url.ts';
import { freePort } from '../../tools/stack/ports.ts';
import { startProcess } from '../../tools/stack/processes.ts';

export interface PgBouncer {
  /** The URL of `serverUrl`'s database `dbname` through the pooler, as `user` (the server URL's own by default). */
  urlFor(dbname: string, user?: { name: string; password: string }): string;
  stop(): Promise<void>;
}

const POOL_SIZE = 3;

function pgbouncerBinary(): string {
  for (const candidate of ['/usr/sbin/pgbouncer', 'pgbouncer']) {
    try {
      execFileSync(candidate, ['--version'], { stdio: 'ignore' });
      return candidate;
    } catch {
      // try the next one
    }
  }
  throw new Error('CANOPY_TEST_PGBOUNCER=1 needs PgBouncer: apt-get install pgbouncer');
}

/** PgBouncer's auth_file: one `"user" "password"` line each (it logs in to the server with these). */
const userList = (users: Array<{ name: string; password: string }>) => users.map((u) => `"${u.name}" "${u.password.replace(/"/g, '""')}"\n`).join('');

async function waitForPort(port: number, output: () => string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = tcpConnect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`PgBouncer did not listen on ${port}:\n${output()}`);
}

/** Starts PgBouncer in front of the server `serverUrl` names; `users` may log in through it (the server URL's user always can). */
export async function startPgBouncer(serverUrl: string, users: Array<{ name: string; password: string }> = []): Promise<PgBouncer> {
  const server = parseDatabaseUrl(serverUrl);
  const admin = { name: server.username, password: server.password };
  const dir = mkdtempSync(join(tmpdir(), 'canopy-pgbouncer-'));
  const port = await freePort();
  writeFileSync(join(dir, 'users.txt'), userList([admin, ...users]));
  writeFileSync(
    join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      // A TCP host, or the directory of the server's Unix socket.
      `* = host=${server.host ?? dirname(server.path!)} port=${server.port}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = scram-sha-256',
      `auth_file = ${join(dir, 'users.txt')}`,
      'pool_mode = transaction',
      `default_pool_size = ${POOL_SIZE}`,
      'max_client_conn = 1000',
      'log_connections = 0',
      'log_disconnections = 0',
      '',
    ].join('\n'),
  );
  // PgBouncer refuses to run as root: as root, it switches to the postgres system user, who must read its files.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    for (const file of ['', 'users.txt', 'pgbouncer.ini']) chownSync(join(dir, file), uid, gid);
  }
  chmodSync(dir, 0o700);
  const proc = startProcess('pgbouncer', pgbouncerBinary(), [...(asRoot ? ['-u', 'postgres'] : []), join(dir, 'pgbouncer.ini')], {});
  await waitForPort(port, proc.output);
  return {
    urlFor(dbname, user = admin) {
      return `postgres://${encodeURIComponent(user.name)}:${encodeURIComponent(user.password)}@127.0.0.1:${port}/${dbname}`;
    },
    async stop() {
      await proc.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
