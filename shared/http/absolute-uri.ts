import { getHost } from '../django/host.ts';
import { quote } from '../python/urllib.ts';
import { escapeUriPath } from './django-paths.ts';
import type { CanopyRequest } from './types.ts';

/** django.utils.encoding.iri_to_uri */
export const iriToUri = (iri: string) => quote(iri, "/#%[]=:;$&()+,!?*@'~");

/**
 * request.build_absolute_uri() with no location: the scheme (https exactly when
 * SECURE_PROXY_SSL_HEADER says so), get_host() (the handler answers a disallowed host before any view),
 * the escaped path and the raw query string through iri_to_uri.
 */
export function buildAbsoluteUri(req: CanopyRequest): string {
  const scheme = req.secure ? 'https' : 'http';
  const query = req.rawQuery ? `?${iriToUri(req.rawQuery)}` : '';
  return `${scheme}://${getHost(req) ?? ''}${escapeUriPath(req.path)}${query}`;
}
