// HttpRequest.get_host() as CommonMiddleware calls it on every request: the raw host, its
// format (split_domain_port) and ALLOWED_HOSTS (validate_host, is_same_domain).
import { djangoAtLeast, monolithSettings } from './monolith-settings.ts';
import { nodeHeaderName } from './secure.ts';
import type { SettingsExport } from './settings-export.ts';

// host_validation_re. Django 3.2 matches with re.match and `$` (which also matches before a final
// newline) and Python's Unicode \d; 5.2 full-matches with [0-9]. No HTTP header carries a newline, and
// gunicorn decodes headers as latin-1, which has no non-ASCII digit: the two differ only in unit tests.
const HOST_32 = /^([a-z0-9.-]+|\[[a-f0-9]*:[a-f0-9.:]+\])(:\p{Nd}+)?\n?$/u;
const HOST_MODERN = /^([a-z0-9.-]+|\[[a-f0-9]*:[a-f0-9.:]+\])(?::([0-9]+))?$/;

/**
 * django.http.request.split_domain_port: [domain, port], the domain lower-cased without a trailing dot;
 * ['', ''] when the host's format is invalid. `modern`: 5.2's fullmatch form (checked against 3.2 and 5.2
 * only; the release between that switched is not, and the two agree on every HTTP Host header).
 */
export function splitDomainPort(host: string, modern = djangoAtLeast(5, 0)): [string, string] {
  const lower = host.toLowerCase();
  if (modern) {
    const match = HOST_MODERN.exec(lower);
    return match ? [match[1]!.replace(/\.$/, ''), match[2] ?? ''] : ['', ''];
  }
  if (!HOST_32.test(lower)) return ['', ''];
  if (lower.endsWith(']')) return [lower, '']; // an IPv6 literal without a port
  const colon = lower.lastIndexOf(':');
  const domain = colon === -1 ? lower : lower.slice(0, colon);
  return [domain.replace(/\.$/, ''), colon === -1 ? '' : lower.slice(colon + 1)];
}

/** django.utils.http.is_same_domain: only the pattern is lower-cased; a leading '.' matches subdomains. */
export function isSameDomain(host: string, pattern: string | null): boolean {
  if (!pattern) return false;
  const lower = pattern.toLowerCase();
  return (lower.startsWith('.') && (host.endsWith(lower) || host === lower.slice(1))) || lower === host;
}

/** django.http.request.validate_host: `domain` (lower-cased, port stripped) matches '*' or a pattern. */
export function validateHost(domain: string, allowedHosts: readonly string[]): boolean {
  return allowedHosts.some((pattern) => pattern === '*' || isSameDomain(domain, pattern));
}

/** What get_host() reads: the request's headers and gunicorn's SERVER_NAME and SERVER_PORT. */
export interface HostSource {
  /** Lower-cased header names, as Node gives them. */
  headers: Record<string, string | undefined>;
  secure: boolean;
  /** The socket's local address and port: gunicorn's SERVER_NAME and SERVER_PORT. */
  server: { name: string; port: string };
}

type HostSettings = Pick<SettingsExport['settings'], 'ALLOWED_HOSTS' | 'DEBUG' | 'USE_X_FORWARDED_HOST'>;
const FORWARDED_HOST = nodeHeaderName('HTTP_X_FORWARDED_HOST');

/** HttpRequest._get_raw_host: X-Forwarded-Host with USE_X_FORWARDED_HOST, else Host, else PEP 333's SERVER_NAME[:SERVER_PORT]. */
export function rawHost({ headers, secure, server }: HostSource, settings: HostSettings = monolithSettings.settings): string {
  const forwarded = settings.USE_X_FORWARDED_HOST ? headers[FORWARDED_HOST] : undefined;
  if (forwarded !== undefined) return forwarded;
  if (headers.host !== undefined) return headers.host;
  return server.port === (secure ? '443' : '80') ? server.name : `${server.name}:${server.port}`;
}

/**
 * HttpRequest.get_host(): the raw host when its format is valid and ALLOWED_HOSTS allows it (with DEBUG,
 * an empty list allows the local host's names), else null: Django raises DisallowedHost.
 */
export function getHost(source: HostSource, settings: HostSettings = monolithSettings.settings, modern = djangoAtLeast(5, 0)): string | null {
  const allowed = settings.DEBUG && settings.ALLOWED_HOSTS.length === 0 ? ['.localhost', '127.0.0.1', '[::1]'] : settings.ALLOWED_HOSTS;
  const host = rawHost(source, settings);
  const [domain] = splitDomainPort(host, modern);
  return domain && validateHost(domain, allowed) ? host : null;
}
