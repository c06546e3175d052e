import { pyStrip } from '../python/str.ts';

// Cookie handling as Django 3.2 does it: HttpResponse.set_cookie/delete_cookie rendered through
// Python's http.cookies.Morsel, and django.http.cookie.parse_cookie for the request side.

/** SameSite values HttpResponse.set_cookie accepts. */
export type SameSite = 'Lax' | 'Strict' | 'None';

/** A *_COOKIE_SAMESITE setting as set_cookie applies it: False and None set no attribute. */
export const sameSiteOf = (setting: SameSite | false | null): SameSite | null => setting || null;

/** Keyword arguments of HttpResponse.set_cookie (expires only as a preformatted string). */
export interface SetCookieOptions {
  maxAge?: number | null;
  /** An http_date string; when absent and maxAge is set, Django derives it from now + maxAge. */
  expires?: string | null;
  /** Defaults to '/', as in Django. */
  path?: string | null;
  domain?: string | null;
  secure?: boolean;
  httpOnly?: boolean;
  sameSite?: SameSite | null;
  /** Clock override in epoch seconds (Django's time.time()). */
  now?: number;
}

const LEGAL_CHARS = "A-Za-z0-9!#$%&'*+\\-.^_`|~:";
const LEGAL_KEY = new RegExp(`^[${LEGAL_CHARS}]+$`);
// Characters Morsel leaves as they are inside a quoted value; other Latin-1 ones become \ooo.
const NEEDS_ESCAPE = new RegExp(`[^${LEGAL_CHARS} ()/<=>?@[\\]{}\\u0100-\\uffff]`, 'g');

// http.cookies._quote: legal values go bare, anything else (including '') double-quoted.
function quote(value: string): string {
  if (LEGAL_KEY.test(value)) return value;
  const escaped = value.replace(NEEDS_ESCAPE, (char) =>
    char === '"' || char === '\\' ? `\\${char}` : `\\${char.charCodeAt(0).toString(8).padStart(3, '0')}`,
  );
  return `"${escaped}"`;
}

/** django.utils.http.http_date: RFC 1123 date ('Thu, 01 Jan 1970 00:00:00 GMT'), seconds truncated. */
export function httpDate(epochSeconds: number): string {
  return new Date(Math.floor(epochSeconds) * 1000).toUTCString();
}

/** The Set-Cookie header value Django sends for response.set_cookie(name, value, **options). */
export function setCookieHeader(name: string, value: string, options: SetCookieOptions = {}): string {
  if (!LEGAL_KEY.test(name)) throw new Error(`Illegal cookie name ${JSON.stringify(name)}`);
  const { maxAge = null, path = '/', domain = null, secure = false, httpOnly = false, sameSite = null } = options;
  let expires = options.expires ?? null;
  if (maxAge !== null && !expires) expires = httpDate((options.now ?? Date.now() / 1000) + maxAge);
  // Morsel.OutputString writes the attributes sorted by their lower-case names.
  const attributes: Array<string | false | null> = [
    domain && `Domain=${domain}`,
    expires && `expires=${expires}`,
    httpOnly && 'HttpOnly',
    maxAge !== null && `Max-Age=${Math.trunc(maxAge)}`,
    path && `Path=${path}`,
    sameSite && `SameSite=${sameSite}`,
    secure && 'Secure',
  ];
  return [`${name}=${quote(value)}`, ...attributes.filter((a): a is string => Boolean(a))].join('; ');
}

/** The Set-Cookie header value of response.delete_cookie(name, path, domain, samesite). */
export function deleteCookieHeader(
  name: string,
  { path = '/', domain = null, sameSite = null }: Pick<SetCookieOptions, 'path' | 'domain' | 'sameSite'> = {},
): string {
  // Browsers drop a non-Secure deletion of a __Secure-/__Host- cookie or of a SameSite=None one.
  const secure = name.startsWith('__Secure-') || name.startsWith('__Host-') || sameSite === 'None';
  return setCookieHeader(name, '', { maxAge: 0, expires: 'Thu, 01 Jan 1970 00:00:00 GMT', path, domain, secure, sameSite });
}

// http.cookies._unquote: strip one pair of double quotes, then undo \ooo and \x escapes.
function unquote(value: string): string {
  if (value.length < 2 || !value.startsWith('"') || !value.endsWith('"')) return value;
  return value
    .slice(1, -1)
    .replace(/\\(?:([0-3][0-7][0-7])|([\s\S]))/g, (_, octal: string | undefined, char: string | undefined) =>
      octal ? String.fromCharCode(parseInt(octal, 8)) : char!,
    );
}

/**
 * django.http.cookie.parse_cookie: name -> value, the last duplicate winning. Django first decodes the
 * raw header bytes as UTF-8; Node hands headers over as Latin-1, so pass
 * Buffer.from(header, 'latin1').toString('utf8') when values may be non-ASCII.
 */
export function parseCookie(header: string): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const chunk of header.split(';')) {
    const eq = chunk.indexOf('=');
    const key = pyStrip(eq < 0 ? '' : chunk.slice(0, eq));
    const value = pyStrip(eq < 0 ? chunk : chunk.slice(eq + 1));
    if (key || value) cookies.set(key, unquote(value));
  }
  return cookies;
}
