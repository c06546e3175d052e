import { decodeReplace, type Codec } from './codecs.ts';

// Python 3.11's urllib.parse, the parts Django's iri_to_uri and DRF's rest_framework.utils.urls
// use, for the URLs Django builds from a request: ASCII after quoting, no tab, CR or LF (quoted),
// no leading control characters or spaces, so urlsplit's stripping never applies.

/** Python's str ordering (sorted()): by code point, where JavaScript's < compares UTF-16 units. */
export function comparePyStr(a: string, b: string): number {
  const [x, y] = [Array.from(a), Array.from(b)];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const difference = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (difference !== 0) return difference;
  }
  return x.length - y.length;
}

// Characters quote() never escapes: letters, digits and '_.-~'.
const ALWAYS_SAFE = /[A-Za-z0-9_.\-~]/;

/** urllib.parse.quote(text, safe): UTF-8 percent-escapes (upper-case hex) for all but safe characters. */
export function quote(text: string, safe: string): string {
  let out = '';
  for (const char of text) {
    if (ALWAYS_SAFE.test(char) || safe.includes(char)) out += char;
    // encodeURIComponent leaves !'()* alone, which quote escapes.
    else out += encodeURIComponent(char).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  }
  return out;
}

/** urllib.parse.quote_plus(text): quote() with nothing safe but a space, written '+'. */
export const quotePlus = (text: string) => quote(text, ' ').replace(/ /g, '+');

/** urllib.parse.parse_qs(query, keep_blank_values=True): values by name, in order of first appearance. */
export function parseQs(query: string): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const field of query.split('&')) {
    if (!field) continue;
    const eq = field.indexOf('=');
    const [name, value] = eq < 0 ? [field, ''] : [field.slice(0, eq), field.slice(eq + 1)];
    const key = unquote(name.replace(/\+/g, ' '), 'utf-8');
    result.set(key, [...(result.get(key) ?? []), unquote(value.replace(/\+/g, ' '), 'utf-8')]);
  }
  return result;
}

/** urllib.parse.urlencode(sorted(params.items()), doseq=True). */
export function urlencodeSorted(params: Map<string, string[]>): string {
  return [...params]
    .sort(([a], [b]) => comparePyStr(a, b))
    .flatMap(([key, values]) => values.map((value) => `${quotePlus(key)}=${quotePlus(value)}`))
    .join('&');
}

/** An absolute URL as urlsplit() divides it: everything before the query, the query, the fragment. */
export interface SplitUrl {
  base: string;
  query: string;
  fragment: string;
}

/** urlsplit(): the fragment follows the first '#', the query the first '?' before it. */
export function splitUrl(url: string): SplitUrl {
  const hash = url.indexOf('#');
  const beforeFragment = hash < 0 ? url : url.slice(0, hash);
  const question = beforeFragment.indexOf('?');
  return {
    base: question < 0 ? beforeFragment : beforeFragment.slice(0, question),
    query: question < 0 ? '' : beforeFragment.slice(question + 1),
    fragment: hash < 0 ? '' : url.slice(hash + 1),
  };
}

/** urlunsplit(): an empty query or fragment leaves no '?' or '#'. */
export function unsplitUrl({ base, query, fragment }: SplitUrl): string {
  return `${base}${query ? `?${query}` : ''}${fragment ? `#${fragment}` : ''}`;
}

/** urllib.parse.unquote_to_bytes: '%' and two hex digits is a byte, any other '%' stays. */
function unquoteToBytes(ascii: string): Buffer {
  return Buffer.from(
    ascii.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    'latin1',
  );
}

/**
 * urllib.parse.unquote(text, encoding, errors='replace'): each run of ASCII characters is
 * percent-decoded to bytes and decoded on its own; non-ASCII characters are kept as they are.
 */
export function unquote(text: string, codec: Codec): string {
  if (!text.includes('%')) return text;
  return text.replace(/[\x00-\x7f]+/g, (run) => decodeReplace(unquoteToBytes(run), codec));
}
