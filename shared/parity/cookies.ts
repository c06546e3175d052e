/** One Set-Cookie header split into name, value and its raw attributes (`Max-Age=0`, `HttpOnly`). */
export interface SetCookieParts {
  name: string;
  value: string;
  attributes: string[];
}

/** Splits a Set-Cookie header value; Django quotes values with `"` only when needed, so `;` never occurs inside one unquoted. */
export function splitSetCookie(header: string): SetCookieParts {
  const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
  const eq = pair.indexOf('=');
  return {
    name: eq === -1 ? pair : pair.slice(0, eq),
    value: eq === -1 ? '' : pair.slice(eq + 1),
    attributes: attributes.filter(Boolean),
  };
}

/** Whether a cookie value is empty, as Django's delete_cookie sends it (`""`). */
export function isEmptyCookieValue(value: string): boolean {
  return value === '' || value === '""';
}
