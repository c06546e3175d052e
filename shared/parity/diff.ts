import { elementToken, formatPath, keyToken } from './paths.ts';
import { arraySemantics } from './rules.ts';
import type { ArraySemantics, Difference, DifferenceKind, ObservedAnswer, ParityRules, TieOrder } from './types.ts';
import { comparable, type ComparablePair } from './view.ts';

interface RawDifference {
  tokens: string[];
  kind: 'missing' | 'extra' | 'type' | 'value';
  a?: unknown;
  b?: unknown;
}

/** One element of each side to compare under one path token; ABSENT where a side has none. */
type Pairing = [token: string, a: unknown, b: unknown];

const ABSENT = Symbol('absent');

// Beyond this many candidate pairs, leftovers of an unordered array are paired in order instead of by likeness.
const MAX_LIKENESS_PAIRS = 10_000;

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

/** JSON with object keys sorted, so equal values have equal text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function orderedPairs(a: unknown[], b: unknown[]): Pairing[] {
  return Array.from({ length: Math.max(a.length, b.length) }, (_, i) => [
    elementToken(i),
    i < a.length ? a[i] : ABSENT,
    i < b.length ? b[i] : ABSENT,
  ]);
}

function keyedPairs(a: unknown[], b: unknown[], key: string): Pairing[] {
  const groups = new Map<string, { a: unknown[]; b: unknown[] }>();
  const add = (element: unknown, side: 'a' | 'b') => {
    const label = `${key}=${JSON.stringify(field(element, key))}`;
    const group = groups.get(label) ?? { a: [], b: [] };
    group[side].push(element);
    groups.set(label, group);
  };
  a.forEach((element) => add(element, 'a'));
  b.forEach((element) => add(element, 'b'));
  return [...groups].flatMap(([label, group]) =>
    orderedPairs(group.a, group.b).map(([, x, y]): Pairing => [elementToken(label), x, y]),
  );
}

function field(element: unknown, name: string): unknown {
  return typeof element === 'object' && element !== null ? (element as Record<string, unknown>)[name] : undefined;
}

/** Consecutive rows with equal sort values: the tie groups of a sorted page. */
function tieGroups(rows: unknown[], fields: readonly string[]): Array<{ key: string; rows: unknown[] }> {
  const groups: Array<{ key: string; rows: unknown[] }> = [];
  for (const row of rows) {
    const key = canonical(fields.map((name) => field(row, name) ?? null));
    if (groups.at(-1)?.key === key) groups.at(-1)!.rows.push(row);
    else groups.push({ key, rows: [row] });
  }
  return groups;
}

/**
 * Pairs rows ordered by key with ties unordered (TieOrder): when both sides
 * have the same sequence of tie groups, rows are matched on their id within
 * each group; a row only one side has is a difference except in the first and
 * last group, which may continue beyond the page. Otherwise the sort itself
 * differs and the rows are compared index by index.
 */
function tiedPairs(a: unknown[], b: unknown[], order: TieOrder): Pairing[] {
  const fields = (Array.isArray(order.orderedBy) ? order.orderedBy : order.orderedBy.default).map((f) => f.replace(/^-/, ''));
  const [groupsA, groupsB] = [tieGroups(a, fields), tieGroups(b, fields)];
  const sameSort =
    groupsA.length === groupsB.length && groupsA.every((g, i) => g.key === groupsB[i]!.key && g.rows.length === groupsB[i]!.rows.length);
  if (!sameSort) return orderedPairs(a, b);
  return groupsA.flatMap((group, i) => {
    const edge = i === 0 || i === groupsA.length - 1;
    return keyedPairs(group.rows, groupsB[i]!.rows, order.id).filter(([, x, y]) => !edge || (x !== ABSENT && y !== ABSENT));
  });
}

/** Walks two trees of JSON-like values under a route's array semantics. */
class Differ {
  constructor(private readonly semanticsAt: (tokens: readonly string[]) => ArraySemantics) {}

  diff(a: unknown, b: unknown, tokens: string[], out: RawDifference[]): void {
    const type = typeOf(a);
    if (type !== typeOf(b)) out.push({ tokens, kind: 'type', a, b });
    else if (type === 'array') this.diffArrays(a as unknown[], b as unknown[], tokens, out);
    else if (type === 'object') this.diffObjects(a as Record<string, unknown>, b as Record<string, unknown>, tokens, out);
    else if (a !== b) out.push({ tokens, kind: 'value', a, b });
  }

  private count(a: unknown, b: unknown, tokens: string[]): number {
    const out: RawDifference[] = [];
    this.diff(a, b, tokens, out);
    return out.length;
  }

  private diffObjects(a: Record<string, unknown>, b: Record<string, unknown>, tokens: string[], out: RawDifference[]): void {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      this.diffPairing([keyToken(key), Object.hasOwn(a, key) ? a[key] : ABSENT, Object.hasOwn(b, key) ? b[key] : ABSENT], tokens, out);
    }
  }

  private diffArrays(a: unknown[], b: unknown[], tokens: string[], out: RawDifference[]): void {
    const semantics = this.semanticsAt(tokens);
    const pairs =
      semantics === 'ordered'
        ? orderedPairs(a, b)
        : semantics === 'unordered'
          ? this.unorderedPairs(a, b, tokens)
          : 'orderedBy' in semantics
            ? tiedPairs(a, b, semantics)
            : keyedPairs(a, b, semantics.key);
    for (const pairing of pairs) this.diffPairing(pairing, tokens, out);
  }

  private diffPairing([token, a, b]: Pairing, tokens: string[], out: RawDifference[]): void {
    const child = [...tokens, token];
    if (b === ABSENT) out.push({ tokens: child, kind: 'missing', a });
    else if (a === ABSENT) out.push({ tokens: child, kind: 'extra', b });
    else this.diff(a, b, child, out);
  }

  /** Equal elements match as a multiset; what is left is paired with its likeliest counterpart, so a changed element shows field by field. */
  private unorderedPairs(a: unknown[], b: unknown[], tokens: string[]): Pairing[] {
    const waiting = new Map<string, number[]>();
    b.forEach((element, j) => {
      const text = canonical(element);
      waiting.set(text, [...(waiting.get(text) ?? []), j]);
    });
    const leftA = a.flatMap((element, i) => (waiting.get(canonical(element))?.shift() === undefined ? [i] : []));
    const leftB = [...waiting.values()].flat().sort((x, y) => x - y);
    const byLikeness = leftA.length * leftB.length <= MAX_LIKENESS_PAIRS;
    const pairs = leftA.map((i): Pairing => {
      if (leftB.length === 0) return [elementToken(i), a[i], ABSENT];
      const costs = byLikeness ? leftB.map((j) => this.count(a[i], b[j], [...tokens, elementToken(i)])) : [0];
      const [j] = leftB.splice(costs.indexOf(Math.min(...costs)), 1);
      return [elementToken(i), a[i], b[j!]];
    });
    return [...pairs, ...leftB.map((j): Pairing => [elementToken(j), ABSENT, b[j]])];
  }
}

function kindOf({ tokens, kind }: RawDifference, jsonBody: boolean): DifferenceKind {
  if (kind !== 'value') return kind;
  const root = tokens[0];
  if (root === 'status' || root === 'header' || root === 'cookie') return root;
  return jsonBody ? 'value' : 'body';
}

function render(value: unknown, tokens: string[], jsonBody: boolean): string | undefined {
  if (value === undefined) return undefined;
  if (tokens[0] === 'body' && jsonBody) return JSON.stringify(value);
  if (typeof value === 'string') return value;
  // A whole Vary header (a token set in the tree) reads best as the header it was.
  if (tokens[0] === 'header' && typeof value === 'object' && value !== null) return Object.values(value).join(', ');
  return JSON.stringify(value);
}

/** The differences between two answers already made comparable (see comparable()). */
export function diffPair(pair: ComparablePair, rules: ParityRules): Difference[] {
  const raw: RawDifference[] = [];
  new Differ(arraySemantics(rules)).diff(pair.a, pair.b, [], raw);
  return raw.map((d) => {
    const difference: Difference = { path: formatPath(d.tokens), kind: kindOf(d, pair.jsonBody) };
    const a = render(d.a, d.tokens, pair.jsonBody);
    const b = render(d.b, d.tokens, pair.jsonBody);
    if (a !== undefined) difference.a = a;
    if (b !== undefined) difference.b = b;
    return difference;
  });
}

/**
 * The differences between answer `a` (the monolith's) and answer `b` under a
 * route's rules: status, the headers Django decides, cookies by name and
 * attribute, and the body (structurally when both are JSON, else as text).
 */
export function diffAnswers(a: ObservedAnswer, b: ObservedAnswer, rules: ParityRules = {}): Difference[] {
  return diffPair(comparable(a, b, rules), rules);
}
