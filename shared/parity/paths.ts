// Field paths are handled as token lists: `body.results[3].quantity` is
// ['body', 'results', '[3]', 'quantity']. Bracket tokens are array positions
// (`[3]`, `[*]`, `[id=7]`) or quoted keys (`["a.b"]`).

const PLAIN_KEY = /^[\w$@-]+$/;
const TOKEN = /\[(?:[^\]"]|"(?:[^"\\]|\\.)*")*\]|[^.[\]]+/g;

/** The token for object key `key`: bare when plain, else quoted. */
export function keyToken(key: string): string {
  return PLAIN_KEY.test(key) ? key : `[${JSON.stringify(key)}]`;
}

/** The token for an array element: its index, or `key=value` for arrays matched on a key. */
export function elementToken(index: number | string): string {
  return `[${index}]`;
}

/** True for tokens naming an array element rather than an object key. */
export function isElementToken(token: string): boolean {
  return token.startsWith('[') && !token.startsWith('["');
}

/** Splits a field path into its tokens. */
export function tokenize(path: string): string[] {
  return path.match(TOKEN) ?? [];
}

/** Joins tokens back into a field path. */
export function formatPath(tokens: readonly string[]): string {
  return tokens.map((t, i) => (i === 0 || t.startsWith('[') ? t : `.${t}`)).join('');
}

/** The path with every array position replaced by `[*]`, so noise is learned per field, not per element. */
export function normalisePath(path: string): string {
  return formatPath(tokenize(path).map((t) => (isElementToken(t) ? '[*]' : t)));
}

/** Whether path tokens match pattern tokens: `*` is any one token, `[*]` any element, `**` any number of tokens. */
export function matchTokens(pattern: readonly string[], path: readonly string[], p = 0, q = 0): boolean {
  if (p === pattern.length) return q === path.length;
  const token = pattern[p]!;
  if (token === '**') {
    for (let next = q; next <= path.length; next++) if (matchTokens(pattern, path, p + 1, next)) return true;
    return false;
  }
  if (q === path.length) return false;
  const actual = path[q]!;
  const same = token === '*' || token === actual || (token === '[*]' && isElementToken(actual));
  return same && matchTokens(pattern, path, p + 1, q + 1);
}
