/**
 * What a suite's clients need to know of the monolith this run started: its
 * settings export (the file every bundle of the run embeds, written by the
 * global setup from that monolith), so that a request a case
 * builds carries the cookies and headers that monolith's configuration names
 * (CANOPY_MONOLITH_CONFIG) and not the default's.
 */
import { runSettings } from './monolith-shell.ts';

export const monolithExport = runSettings();
const settings = monolithExport.settings;

export const SESSION_COOKIE = settings.SESSION_COOKIE_NAME;
export const CSRF_COOKIE = settings.CSRF_COOKIE_NAME;
/** CSRF_USE_SESSIONS: the secret lives in the session, and only a page Django renders tells it. */
export const CSRF_IN_SESSION = settings.CSRF_USE_SESSIONS;
/** A request header as Django's request.META names it (HTTP_X_CSRFTOKEN), as a client sends it (X-CSRFTOKEN). */
const headerOf = (meta: string) => meta.replace(/^HTTP_/, '').replace(/_/g, '-');
/** The header a client sends the CSRF token in. */
export const CSRF_HEADER = headerOf(settings.CSRF_HEADER_NAME);

/** The origin a browser is on when the cookies are Secure (HTTPS only): the public host behind the load balancer. */
export const BROWSER_ORIGIN = 'https://app.canopy.test';

/**
 * What a browser adds to the requests it sends with its cookies. With Secure
 * cookies it sends them over HTTPS only: the load balancer ends TLS and says so
 * in the header SECURE_PROXY_SSL_HEADER names, and the browser names its origin
 * (Origin on unsafe methods, Referer), as Django's HTTPS CSRF checks require.
 * Nothing over plain HTTP, as the default configuration's suites were written.
 */
export function browserHeaders(): Record<string, string> {
  if (!settings.SESSION_COOKIE_SECURE) return {};
  const proxyHeader = settings.SECURE_PROXY_SSL_HEADER;
  if (!proxyHeader) throw new Error('the monolith has Secure cookies but no SECURE_PROXY_SSL_HEADER: it would never see a request as HTTPS behind the load balancer');
  const [meta, value] = proxyHeader;
  const host = new URL(BROWSER_ORIGIN).host;
  return { [headerOf(meta)]: value, Host: host, Origin: BROWSER_ORIGIN, Referer: `${BROWSER_ORIGIN}/` };
}
