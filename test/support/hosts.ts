import type { RawRequest } from './http.ts';
import { CSRF_COOKIE, SESSION_COOKIE } from './monolith-settings.ts';

/**
 * Host headers for parity cases on what CommonMiddleware's get_host() decides before anything else:
 * the default configuration's ALLOWED_HOSTS ('*') allows every well-formed one, the alternate
 * configuration's only its list (test/monolith/monolith/alternate.py); a badly formed host is
 * Django's 400 on both.
 */
const HOSTS: ReadonlyArray<{ name: string; headers: Record<string, string> }> = [
  { name: 'an allowed host', headers: { Host: 'api.example' } },
  { name: 'a host ALLOWED_HOSTS does not list', headers: { Host: 'evil.example' } },
  { name: 'a subdomain of an allowed pattern', headers: { Host: 'eu.canopy.test' } },
  { name: 'the bare domain of a subdomain pattern, in capitals with a trailing dot', headers: { Host: 'Canopy.TEST.' } },
  { name: 'a lookalike of a subdomain pattern', headers: { Host: 'evilcanopy.test' } },
  { name: 'an allowed host with a port', headers: { Host: 'localhost:8443' } },
  { name: 'a disallowed host with a port', headers: { Host: 'evil.example:8000' } },
  { name: 'an IPv6 literal', headers: { Host: '[::1]' } },
  { name: 'an IPv6 literal with a port', headers: { Host: '[::1]:8000' } },
  { name: 'an IPv6 literal ALLOWED_HOSTS does not list', headers: { Host: '[::2]:8000' } },
  { name: 'a badly formed host', headers: { Host: 'bad host!' } },
  { name: 'a badly formed port', headers: { Host: 'a..b:xx' } },
  { name: 'an unclosed IPv6 literal', headers: { Host: '[::1' } },
  // The host unless USE_X_FORWARDED_HOST (the alternate configuration's): then the host, in links too.
  { name: 'an allowed X-Forwarded-Host over a disallowed Host', headers: { Host: 'evil.example', 'X-Forwarded-Host': 'shop.canopy.test:8443' } },
  { name: 'a disallowed X-Forwarded-Host over an allowed Host', headers: { Host: 'api.example', 'X-Forwarded-Host': 'evil.example' } },
  { name: 'a badly formed X-Forwarded-Host', headers: { Host: 'api.example', 'X-Forwarded-Host': 'a, b' } },
  { name: 'a refused host with a malformed session cookie (SessionMiddleware deletes it)', headers: { Host: 'bad host!', Cookie: `${SESSION_COOKIE}=short` } },
  // bad_request is @requires_csrf_token: CsrfViewMiddleware runs around it (4.0+ replaces a malformed cookie)
  { name: 'a refused host with a malformed CSRF cookie', headers: { Host: 'evil.example', Cookie: `${CSRF_COOKIE}=bad!` } },
];

/** `request` under each Host of HOSTS, named `label, <what the host is>`. */
export function hostCases(label: string, request: () => RawRequest): Array<{ name: string; request: () => RawRequest }> {
  return HOSTS.map(({ name, headers }) => ({
    name: `${label}, ${name}`,
    request: () => {
      const req = request();
      return { ...req, headers: { ...req.headers, ...headers } };
    },
  }));
}
