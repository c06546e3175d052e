import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { djangoPythonPath, runDjango } from '../../oracle/django-python.ts';
import { getHost, splitDomainPort, validateHost } from './host.ts';

// Django itself (3.2, the system's, and 5.2) answers for each host: split_domain_port, validate_host
// against the patterns below, and HttpRequest.get_host() under each configuration.
const ORACLE = `
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest
from django.http.request import split_domain_port, validate_host

def get_host(meta):
    request = HttpRequest()
    request.META = meta
    try:
        return request.get_host()
    except DisallowedHost:
        return None

out = []
for case in INPUT['cases']:
    domain, port = split_domain_port(case['host'])
    out.append({
        'split': [domain, port],
        'valid': [validate_host(domain, patterns) for patterns in INPUT['patterns']],
        'host': get_host(case['meta']),
    })
print(json.dumps(out))
`;

const PATTERNS = [['*'], ['example.com'], ['.canopy.test', '127.0.0.1', '[::1]'], ['EXAMPLE.com', '.Localhost'], [], ['', '.'], ['example.com:8443']];

// The settings get_host() reads, in the configurations that change its answer.
const CONFIGURATIONS = [
  { ALLOWED_HOSTS: ['127.0.0.1', 'localhost', '.canopy.test', '[::1]'], DEBUG: false, USE_X_FORWARDED_HOST: false },
  { ALLOWED_HOSTS: ['*'], DEBUG: false, USE_X_FORWARDED_HOST: false },
  { ALLOWED_HOSTS: [], DEBUG: true, USE_X_FORWARDED_HOST: false },
  { ALLOWED_HOSTS: [], DEBUG: false, USE_X_FORWARDED_HOST: false },
  { ALLOWED_HOSTS: ['Example.COM', '.example.org.'], DEBUG: false, USE_X_FORWARDED_HOST: true },
];

/** A request whose host is `host`: in Host, in X-Forwarded-Host (over another Host), or absent (SERVER_NAME:SERVER_PORT). */
function request(host: string, i: number) {
  const server = { name: '127.0.0.1', port: ['8000', '80'][i % 2]! };
  const via = i % 5;
  if (via === 3) return { headers: {}, server: { ...server, name: host.split(':')[0]! } };
  if (via === 4) return { headers: { host: 'other.example', 'x-forwarded-host': host }, server };
  return { headers: { host }, server };
}

const meta = ({ headers, server }: ReturnType<typeof request>) => ({
  SERVER_NAME: server.name,
  SERVER_PORT: server.port,
  ...(headers.host !== undefined ? { HTTP_HOST: headers.host } : {}),
  ...('x-forwarded-host' in headers ? { HTTP_X_FORWARDED_HOST: headers['x-forwarded-host'] } : {}),
});

const FIXED = [
  'example.com', 'EXAMPLE.com', 'example.com.', 'example.com.:8000', 'example.com:8000', 'example.com:', 'example.com:80:80',
  'localhost', 'api.localhost', 'localhost:8000', '127.0.0.1', '127.0.0.1:8000', '[::1]', '[::1]:8000', '[::1', '::1', '[::ffff:127.0.0.1]',
  '[::1]:', '[::g]', '[:1]', '[]', 'shop.canopy.test', 'a.b.canopy.test:443', 'canopy.test', 'xcanopy.test', '.canopy.test',
  'bad host!', 'a..b:xx', 'a_b.com', 'é.com', 'example.com:٨٠', 'example.com\n', 'example.com:80\n', '[::1]\n', '', ':80', '.', '..',
  '-', 'example.org', 'www.example.org', 'Example.Org.', 'other.example', 'example.com:8443', '*',
];

const PIECE = fc.constantFrom('a', 'Z', '0', '9', '.', '-', ':', '80', '[', ']', '::1', 'f', 'g', 'é', '٣', ' ', '!', '_', '\n',
  'example', 'com', 'localhost', 'canopy', 'test', '127.0.0.1', '[::1]', 'x', 'org');
const GENERATED = fc.sample(fc.array(PIECE, { minLength: 1, maxLength: 8 }).map((parts) => parts.join('')), { numRuns: 1500, seed: 13 });
const HOSTS = [...FIXED, ...GENERATED];

describe.each(['3.2', '5.2'] as const)('get_host() on Django %s', (version) => {
  const modern = version !== '3.2';

  it.each(CONFIGURATIONS)('splits, validates and allows each host as Django does: ALLOWED_HOSTS $ALLOWED_HOSTS, DEBUG $DEBUG, USE_X_FORWARDED_HOST $USE_X_FORWARDED_HOST', async (settings) => {
    const requests = HOSTS.map(request);
    const expected = runDjango<Array<{ split: [string, string]; valid: boolean[]; host: string | null }>>(
      ORACLE,
      { cases: HOSTS.map((host, i) => ({ host, meta: meta(requests[i]!) })), patterns: PATTERNS },
      { settings, pythonPath: await djangoPythonPath(version) },
    );
    const actual = HOSTS.map((host, i) => {
      const [domain] = splitDomainPort(host, modern);
      return {
        split: splitDomainPort(host, modern),
        valid: PATTERNS.map((patterns) => validateHost(domain, patterns)),
        host: getHost({ ...requests[i]!, secure: false }, settings, modern),
      };
    });
    expect(actual).toEqual(expected);
  });
});
