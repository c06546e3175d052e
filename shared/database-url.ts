/**
 * DATABASE_URL, in the libpq forms Django and psycopg2 users already have,
 * turned into postgres.js connection options. postgres.js cannot take these
 * URLs itself: it parses them with WHATWG URL, which rejects the empty host of
 * `postgres://u:p@/db?host=/cloudsql/...` ("Invalid URL"), and it sends query
 * parameters it does not know (host, sslrootcert) to the server as settings.
 * So every client is made from the options returned here, never from the URL.
 *
 * Forms (infra/README.md, "Database connection"):
 * - Cloud SQL on Cloud Run, the /cloudsql Unix socket:
 *   postgres://USER:PASS@/DB?host=/cloudsql/PROJECT:REGION:INSTANCE
 * - TCP: postgres://USER:PASS@HOST:PORT/DB
 * - TLS with the server certificate checked against a CA file:
 *   ...?sslmode=verify-full&sslrootcert=/path/server-ca.pem (chain and host name),
 *   ...?sslmode=verify-ca&sslrootcert=... (chain only); `hostaddr=IP` connects
 *   to IP while verify-full checks the URL's host name, as in libpq.
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';
import { ConfigError } from './config-error.ts';

/** What postgres.js needs to reach the server (the `postgres(options)` fields of the same names). */
export interface PgConnection {
  /** TCP host; absent for a Unix socket. */
  host?: string;
  port: number;
  /** The socket file, `<dir>/.s.PGSQL.<port>`, for a Unix socket. */
  path?: string;
  database: string;
  username: string;
  password: string;
  ssl: boolean | 'prefer' | 'allow' | 'require' | { ca?: string; rejectUnauthorized: true; servername?: string; checkServerIdentity(host: string, cert: PeerCertificate): Error | undefined };
  /** Where it connects, without credentials, for messages. */
  where: string;
}

const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
type SslMode = (typeof SSL_MODES)[number];
const PARAMETERS = ['host', 'hostaddr', 'port', 'sslmode', 'sslrootcert'];
const EXAMPLES = 'postgres://USER:PASS@HOST:5432/DB or postgres://USER:PASS@/DB?host=/cloudsql/PROJECT:REGION:INSTANCE';
// libpq's URI grammar: postgres[ql]://[userinfo@][hostspec][/dbname][?params]
const URI = /^postgres(?:ql)?:\/\/(?:([^@/?#]*)@)?([^/?#]*)(?:\/([^?#]*))?(?:\?([^#]*))?$/;

const problem = (message: string) => new ConfigError(`DATABASE_URL: ${message}`);

function decode(part: string, what: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw problem(`the ${what} has a malformed %-escape: percent-encode special characters (%40 for @, %2F for /)`);
  }
}

/** Parses a DATABASE_URL; a mistake throws a ConfigError whose one-line message names it. */
export function parseDatabaseUrl(url: string, readCa: (path: string) => string = (path) => readFileSync(path, 'utf8')): PgConnection {
  const match = URI.exec(url.trim());
  if (!match) throw problem(`not a postgres:// URL: use ${EXAMPLES}`);
  const [, userinfo = '', hostspec = '', dbname = '', query = ''] = match;

  const params = new Map<string, string>();
  for (const pair of query.split('&').filter(Boolean)) {
    const [key = '', value = ''] = pair.split(/=(.*)/s);
    const name = decode(key, 'query');
    if (!PARAMETERS.includes(name)) throw problem(`unsupported parameter "${name}": only ${PARAMETERS.join(', ')} are understood`);
    params.set(name, decode(value, `${name} parameter`));
  }

  const [user = '', pass] = userinfo.split(/:(.*)/s);
  const username = decode(user, 'user name');
  if (!username) throw problem(`no user name: use ${EXAMPLES}`);
  const password = decode(pass ?? '', 'password');
  const database = decode(dbname, 'database name') || username;

  const hostPort = /^(?:\[([^\]]+)\]|([^:[\]]*))(?::(\d*))?$/.exec(hostspec);
  if (!hostPort || hostspec.includes(',')) throw problem(`cannot read the host "${hostspec}": one host, host:port or [ipv6]:port`);
  const host = params.get('host') ?? decode(hostPort[1] ?? hostPort[2] ?? '', 'host');
  const portText = params.get('port') ?? (hostPort[3] || '5432');
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535) throw problem(`port "${portText}" is not a TCP port (1-65535)`);
  if (!host) throw problem(`no host: name one (postgres://USER:PASS@HOST:5432/DB) or a socket directory (?host=/cloudsql/PROJECT:REGION:INSTANCE)`);

  const mode = (params.get('sslmode') ?? 'disable') as SslMode;
  if (!SSL_MODES.includes(mode)) throw problem(`sslmode "${mode}" is not one of ${SSL_MODES.join(', ')}`);
  const rootCert = params.get('sslrootcert');

  if (host.startsWith('/')) {
    // A socket never leaves the machine (on Cloud Run the Cloud SQL connector encrypts beyond it): TLS does not apply.
    if (mode !== 'disable' && mode !== 'allow' && mode !== 'prefer') throw problem(`sslmode=${mode} does not apply to the Unix socket in ${host}: remove sslmode and sslrootcert`);
    if (params.has('hostaddr')) throw problem('hostaddr does not apply to a Unix socket: remove it');
    return { port, path: `${host}/.s.PGSQL.${port}`, database, username, password, ssl: false, where: `${host} (Unix socket)` };
  }

  const address = params.get('hostaddr') ?? host;
  if (params.has('hostaddr') && !isIP(address)) throw problem(`hostaddr "${address}" is not an IP address`);
  const where = `${address}:${port}`;
  const verify = mode === 'verify-ca' || mode === 'verify-full' || (mode === 'require' && rootCert !== undefined);
  if (!verify) {
    if (rootCert !== undefined) throw problem(`sslrootcert is set but sslmode=${mode} does not check the server: use sslmode=verify-full`);
    return { host: address, port, database, username, password, ssl: mode === 'disable' ? false : mode, where };
  }
  if (!rootCert) throw problem(`sslmode=${mode} needs sslrootcert=<path of the server CA certificate (PEM)>, or sslrootcert=system for the system's CAs`);
  let ca: string | undefined;
  if (rootCert !== 'system') {
    try {
      ca = readCa(rootCert);
    } catch (error) {
      throw problem(`cannot read sslrootcert ${rootCert} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): mount the server CA certificate there`);
    }
  }
  const checks = {
    ...(ca !== undefined && { ca }),
    rejectUnauthorized: true as const,
    // verify-full checks the URL's host (also when hostaddr says where to connect): Node would check
    // "localhost" on the socket postgres.js hands it, so the name is given. verify-ca checks the chain only.
    ...(mode === 'verify-full' && !isIP(host) && { servername: host }),
    checkServerIdentity: mode === 'verify-full' ? (_: string, cert: PeerCertificate) => checkServerIdentity(host, cert) : () => undefined,
  };
  return { host: address, port, database, username, password, ssl: checks, where };
}
