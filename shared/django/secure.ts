import { djangoAtLeast, monolithSettings } from '../django/monolith-settings.ts';

/** A request.META name (HTTP_X_FORWARDED_PROTO) as the lower-case Node header it comes from. */
export const nodeHeaderName = (metaName: string): string => metaName.replace(/^HTTP_/, '').replace(/_/g, '-').toLowerCase();

const PROXY_SSL_HEADER = monolithSettings.settings.SECURE_PROXY_SSL_HEADER;

/**
 * request.is_secure() behind the proxy (the server itself speaks http): the monolith's
 * SECURE_PROXY_SSL_HEADER says https. Django 3.2 compares the whole header value; 4.1+ its
 * first comma-separated part, stripped.
 */
export function isSecure(headers: Record<string, string | undefined>): boolean {
  if (PROXY_SSL_HEADER === null) return false;
  const [meta, secureValue] = PROXY_SSL_HEADER;
  const value = headers[nodeHeaderName(meta)];
  if (value === undefined) return false;
  return (djangoAtLeast(4, 1) ? value.split(',', 1)[0]!.trim() : value) === secureValue;
}
