/**
 * Edits scalar values inside JSON text without re-serialising it, so every
 * other byte (indentation, key order, line breaks) stays as it was: a
 * rollout step to the routes manifest is then a two-line diff.
 */
type Key = string | number;
type Span = { start: number; end: number };

const WHITESPACE = /[ \t\n\r]*/y;
const LITERAL = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

/** Finds where every value sits in `text`, keyed by its path (JSON-encoded). Throws on invalid JSON. */
function valueSpans(text: string): Map<string, Span> {
  const spans = new Map<string, Span>();
  let at = 0;
  const skip = () => {
    WHITESPACE.lastIndex = at;
    WHITESPACE.exec(text);
    at = WHITESPACE.lastIndex;
  };
  const token = (pattern: RegExp): string => {
    pattern.lastIndex = at;
    const match = pattern.exec(text);
    if (!match) throw new SyntaxError(`invalid JSON at offset ${at}`);
    at = pattern.lastIndex;
    return match[0];
  };
  const expect = (char: string) => {
    skip();
    if (text[at] !== char) throw new SyntaxError(`expected '${char}' at offset ${at}`);
    at++;
  };
  const value = (path: Key[]): void => {
    skip();
    const start = at;
    if (text[at] === '{') {
      at++;
      skip();
      if (text[at] === '}') at++;
      else
        for (;;) {
          skip();
          const key = JSON.parse(token(STRING)) as string;
          expect(':');
          value([...path, key]);
          skip();
          if (text[at++] === '}') break;
          if (text[at - 1] !== ',') throw new SyntaxError(`expected ',' or '}' at offset ${at - 1}`);
        }
    } else if (text[at] === '[') {
      at++;
      skip();
      if (text[at] === ']') at++;
      else
        for (let index = 0; ; index++) {
          value([...path, index]);
          skip();
          if (text[at++] === ']') break;
          if (text[at - 1] !== ',') throw new SyntaxError(`expected ',' or ']' at offset ${at - 1}`);
        }
    } else {
      token(text[at] === '"' ? STRING : LITERAL);
    }
    spans.set(JSON.stringify(path), { start, end: at });
  };
  value([]);
  skip();
  if (at !== text.length) throw new SyntaxError(`unexpected text at offset ${at}`);
  return spans;
}

/** One scalar to write at a path such as ['routes', 2, 'weight']. */
export interface JsonEdit {
  path: Key[];
  value: string | number | boolean | null;
}

/** `text` with the values at the given paths replaced; every path must exist. */
export function setJsonValues(text: string, edits: readonly JsonEdit[]): string {
  const spans = valueSpans(text);
  const placed = edits.map((edit) => {
    const span = spans.get(JSON.stringify(edit.path));
    if (!span) throw new Error(`no value at ${edit.path.join('.')}`);
    return { ...span, text: JSON.stringify(edit.value) };
  });
  // Right to left, so earlier offsets stay valid.
  return placed.sort((a, b) => b.start - a.start).reduce((out, p) => out.slice(0, p.start) + p.text + out.slice(p.end), text);
}
