/**
 * The private-IP form: TLS with the server certificate verified, as libpq's
 * sslmode=verify-full / verify-ca with sslrootcert spell it. A real PostgreSQL
 * with ssl=on and a certificate from a CA made here with openssl; clients are
 * made the way every service makes them (shared/db.ts openSql).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSql } from '../../shared/db.ts';
import { freePort } from '../../tools/stack/ports.ts';
import { startEmbeddedPostgres, type Database } from '../../tools/stack/postgres.ts';

const NAME = 'db.canopy.test';
let scratch: string;
let server: Database;
let port: number;

const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: scratch, stdio: 'pipe' });
const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** A self-signed CA: `<name>.pem`, `<name>.key`. */
function makeCa(name: string): void {
  openssl('req', '-x509', ...newKey, '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '2', '-subj', `/CN=Canopy test ${name}`);
}

/** What a client on TCP sees of its connection: whether TLS is on. */
async function connectsWithTls(query: string): Promise<boolean> {
  const sql = openSql(`postgres://postgres:canopy-local@${query}`, { max: 1, connect_timeout: 10 });
  try {
    const [row] = await sql<{ ssl: boolean }[]>`select ssl from pg_stat_ssl where pid = pg_backend_pid()`;
    return row!.ssl;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'canopy-tls-'));
  chmodSync(scratch, 0o755);
  makeCa('ca');
  makeCa('other-ca');
  // The server certificate names the host and the IP clients use, as a verify-full client checks.
  openssl('req', ...newKey, '-keyout', 'server.key', '-out', 'server.csr', '-subj', `/CN=${NAME}`);
  writeFileSync(join(scratch, 'san.ext'), `subjectAltName=DNS:${NAME},IP:127.0.0.1\n`);
  openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'san.ext');
  // PostgreSQL reads its key only when the server's own user owns it, readable by no one else.
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
  for (const file of ['server.key', 'server.pem']) chownSync(join(scratch, file), uid, gid);
  chmodSync(join(scratch, 'server.key'), 0o600);
  port = await freePort();
  server = await startEmbeddedPostgres({
    dataDir: join(scratch, 'data'),
    port,
    quiet: true,
    settings: { ssl: 'on', ssl_cert_file: join(scratch, 'server.pem'), ssl_key_file: join(scratch, 'server.key') },
  });
});

afterAll(async () => {
  await server?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('sslmode=verify-full', () => {
  it('connects over TLS when the certificate chains to sslrootcert and names the IP connected to', async () => {
    expect(await connectsWithTls(`127.0.0.1:${port}/postgres?sslmode=verify-full&sslrootcert=${scratch}/ca.pem`)).toBe(true);
  });

  it('checks the URL\'s host name while hostaddr says where to connect', async () => {
    expect(await connectsWithTls(`${NAME}:${port}/postgres?hostaddr=127.0.0.1&sslmode=verify-full&sslrootcert=${scratch}/ca.pem`)).toBe(true);
  });

  it('refuses a server whose certificate another CA signed', async () => {
    await expect(connectsWithTls(`127.0.0.1:${port}/postgres?sslmode=verify-full&sslrootcert=${scratch}/other-ca.pem`)).rejects.toThrow(/self[- ]signed|unable to (get|verify)/i);
  });

  it('refuses a certificate that does not name the host', async () => {
    await expect(connectsWithTls(`other.canopy.test:${port}/postgres?hostaddr=127.0.0.1&sslmode=verify-full&sslrootcert=${scratch}/ca.pem`)).rejects.toThrow(/does not match|altnames/i);
  });
});

describe('sslmode=verify-ca', () => {
  it('checks the chain but not the name (Cloud SQL\'s per-instance CA names no IP)', async () => {
    expect(await connectsWithTls(`other.canopy.test:${port}/postgres?hostaddr=127.0.0.1&sslmode=verify-ca&sslrootcert=${scratch}/ca.pem`)).toBe(true);
    await expect(connectsWithTls(`127.0.0.1:${port}/postgres?sslmode=verify-ca&sslrootcert=${scratch}/other-ca.pem`)).rejects.toThrow(/self[- ]signed|unable to (get|verify)/i);
  });
});
