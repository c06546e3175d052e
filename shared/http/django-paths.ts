// django.utils.encoding.escape_uri_path's safe set: "/:@&+$,-_.!~*'()".
const URI_PATH_SAFE = /[A-Za-z0-9/:@&+$,\-_.!~*'()]/;

/** django.utils.encoding.escape_uri_path */
export function escapeUriPath(path: string): string {
  let out = '';
  for (const char of path) {
    out += URI_PATH_SAFE.test(char) ? char : encodeURIComponent(char).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  }
  return out;
}

/** HttpRequest.get_full_path(force_append_slash=True) followed by escape_leading_slashes. */
export function fullPathWithSlash(path: string, rawQuery: string): string {
  const full = `${escapeUriPath(path)}/${rawQuery ? `?${rawQuery}` : ''}`;
  return full.startsWith('//') ? `/%2F${full.slice(2)}` : full;
}
