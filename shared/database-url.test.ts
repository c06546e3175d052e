import type { PeerCertificate } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.ts';
import { parseDatabaseUrl } from './database-url.ts';

const SOCKET_DIR = '/cloudsql/canopy-prod:europe-west1:monolith';
// The fields of a peer certificate Node's checkServerIdentity reads.
const certFor = (subjectaltname: string) => ({ subject: { CN: '' }, subjectaltname }) as unknown as PeerCertificate;
const noCa = (path: string): string => {
  throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
};

describe('parseDatabaseUrl', () => {
  it('reads the Cloud SQL socket form (libpq, psycopg2) as the socket file in that directory', () => {
    expect(parseDatabaseUrl(`postgres://canopy:s%40cret@/orders?host=${SOCKET_DIR}`)).toEqual({
      path: `${SOCKET_DIR}/.s.PGSQL.5432`,
      port: 5432,
      database: 'orders',
      username: 'canopy',
      password: 's@cret',
      ssl: false,
      where: `${SOCKET_DIR} (Unix socket)`,
    });
  });

  it('takes the socket directory percent-encoded too, and a port for the socket file name', () => {
    const encoded = encodeURIComponent(SOCKET_DIR);
    expect(parseDatabaseUrl(`postgresql://u@/db?host=${encoded}&port=6432`).path).toBe(`${SOCKET_DIR}/.s.PGSQL.6432`);
  });

  it('reads plain TCP with no TLS, the port defaulting to 5432 and the database to the user', () => {
    expect(parseDatabaseUrl('postgres://u:p@db.internal:6543/app')).toMatchObject({ host: 'db.internal', port: 6543, database: 'app', ssl: false, where: 'db.internal:6543' });
    expect(parseDatabaseUrl('postgres://u@10.0.0.3')).toMatchObject({ host: '10.0.0.3', port: 5432, database: 'u' });
    expect(parseDatabaseUrl('postgres://u@[fd00::3]:5433/db')).toMatchObject({ host: 'fd00::3', port: 5433 });
  });

  it('verify-full: the CA file read at start, certificates rejected unless they chain to it, the host name checked', () => {
    const parsed = parseDatabaseUrl('postgres://u:p@db.internal.example/app?sslmode=verify-full&sslrootcert=/secrets/server-ca.pem', (path) => `PEM of ${path}`);
    expect(parsed.ssl).toMatchObject({ ca: 'PEM of /secrets/server-ca.pem', rejectUnauthorized: true, servername: 'db.internal.example' });
    // The name is checked whatever Node would have compared it with.
    const check = (parsed.ssl as { checkServerIdentity: (host: string, cert: PeerCertificate) => Error | undefined }).checkServerIdentity;
    expect(check('localhost', certFor('DNS:db.internal.example'))).toBeUndefined();
    expect(check('localhost', certFor('DNS:other.example'))?.message).toMatch(/does not match/);
  });

  it('verify-full with hostaddr connects to the IP and checks the name, as libpq does', () => {
    const parsed = parseDatabaseUrl('postgres://u@db.internal.example/app?hostaddr=10.1.2.3&sslmode=verify-full&sslrootcert=/ca.pem', () => 'PEM');
    expect(parsed).toMatchObject({ host: '10.1.2.3', where: '10.1.2.3:5432', ssl: { ca: 'PEM', rejectUnauthorized: true, servername: 'db.internal.example' } });
  });

  it('verify-ca checks the chain but not the name (the legacy per-instance Cloud SQL CA names no IP)', () => {
    const ssl = parseDatabaseUrl('postgres://u@10.1.2.3/app?sslmode=verify-ca&sslrootcert=/ca.pem', () => 'PEM').ssl as { checkServerIdentity: (host: string, cert: PeerCertificate) => Error | undefined };
    expect(ssl).toMatchObject({ ca: 'PEM', rejectUnauthorized: true });
    expect(ssl.checkServerIdentity('10.1.2.3', certFor('DNS:other.example'))).toBeUndefined();
  });

  it('sslrootcert=system trusts the system CAs', () => {
    const ssl = parseDatabaseUrl('postgres://u@db.example/app?sslmode=verify-full&sslrootcert=system').ssl as Record<string, unknown>;
    expect(ssl).toMatchObject({ rejectUnauthorized: true, servername: 'db.example' });
    expect('ca' in ssl).toBe(false);
  });

  it.each([
    ['', 'not a postgres:// URL'],
    ['mysql://u:p@host/db', 'not a postgres:// URL'],
    ['postgres://u:p@host:99999/db', 'port "99999" is not a TCP port'],
    ['postgres://u:p@/db', 'no host'],
    ['postgres://:p@host/db', 'no user name'],
    ['postgres://u:p%zz@host/db', 'the password has a malformed %-escape'],
    ['postgres://u:p@a,b/db', 'cannot read the host'],
    ['postgres://u:p@host/db?ssl=true', 'unsupported parameter "ssl"'],
    ['postgres://u:p@host/db?sslmode=verify', 'sslmode "verify" is not one of'],
    ['postgres://u:p@host/db?sslmode=verify-full', 'sslmode=verify-full needs sslrootcert='],
    ['postgres://u:p@host/db?sslrootcert=/ca.pem', 'sslrootcert is set but sslmode=disable does not check the server'],
    ['postgres://u:p@host/db?sslmode=verify-full&sslrootcert=/missing.pem', 'cannot read sslrootcert /missing.pem (ENOENT)'],
    [`postgres://u:p@/db?host=${SOCKET_DIR}&sslmode=verify-full&sslrootcert=/ca.pem`, 'does not apply to the Unix socket'],
    ['postgres://u:p@name/db?hostaddr=name2', 'hostaddr "name2" is not an IP address'],
  ])('refuses %j with one line naming the problem', (url, problem) => {
    let error: unknown;
    try {
      parseDatabaseUrl(url, noCa);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message.startsWith('DATABASE_URL: ')).toBe(true);
    expect(message).toContain(problem);
    expect(message).not.toContain('\n');
    // Never the password.
    expect(message).not.toMatch(/:p@|p%zz/);
  });
});
