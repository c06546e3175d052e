import { elementToken, formatPath, keyToken, matchTokens, tokenize } from './paths.ts';
import { orderingTerms } from '../drf/ordering-filter.ts';
import { parseQueryDict } from '../drf/querydict.ts';
import type { ArraySemantics, ParityRules } from './types.ts';

/** What a mask puts in place of each match. */
export const MASK = '<masked>';

const ROOTS = ['status', 'header', 'cookie', 'body', '*', '**'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The tree with ignored fields removed and masks applied to every string at
 * or under a masked path; a copy, the input is left as it was.
 */
export function applyRules(tree: unknown, rules: ParityRules): unknown {
  const ignore = (rules.ignore ?? []).map(tokenize);
  const masks = (rules.masks ?? []).map((m) => ({ path: tokenize(m.path), pattern: new RegExp(m.pattern, 'g') }));
  const ignored = (tokens: string[]) => ignore.some((pattern) => matchTokens(pattern, tokens));
  const walk = (node: unknown, tokens: string[], inherited: RegExp[]): unknown => {
    const active = [...inherited, ...masks.filter((m) => matchTokens(m.path, tokens)).map((m) => m.pattern)];
    if (typeof node === 'string') return active.reduce((text, pattern) => text.replace(pattern, MASK), node);
    if (Array.isArray(node)) {
      return node.flatMap((element, i) => {
        const child = [...tokens, elementToken(i)];
        return ignored(child) ? [] : [walk(element, child, active)];
      });
    }
    if (!isObject(node)) return node;
    return Object.fromEntries(
      Object.entries(node).flatMap(([key, value]) => {
        const child = [...tokens, keyToken(key)];
        return ignored(child) ? [] : [[key, walk(value, child, active)]];
      }),
    );
  };
  return walk(tree, [], []);
}

/** A lookup of the semantics the rules give the array at a path (ordered unless listed; the first matching entry wins). */
export function arraySemantics(rules: ParityRules): (tokens: readonly string[]) => ArraySemantics {
  const entries = Object.entries(rules.arrays ?? {}).map(([path, semantics]) => ({ path: tokenize(path), semantics }));
  return (tokens) => entries.find((entry) => matchTokens(entry.path, tokens))?.semantics ?? 'ordered';
}

/**
 * The rules for one request: a tie order that follows the request's
 * ?ordering= (QueryOrdering) gets the sort fields this request asked for.
 */
export function rulesForRequest(rules: ParityRules, rawQuery: string): ParityRules {
  if (!rules.arrays) return rules;
  const resolve = (semantics: ArraySemantics): ArraySemantics => {
    if (typeof semantics !== 'object' || !('orderedBy' in semantics) || Array.isArray(semantics.orderedBy)) return semantics;
    const { param, ...options } = semantics.orderedBy;
    // A query Django refuses (too many fields) is answered with an error page, no list: the default is as good as any.
    let asked: string[] | undefined;
    try {
      asked = parseQueryDict(Buffer.from(rawQuery, 'latin1'), 'utf-8').get(param);
    } catch {
      asked = undefined;
    }
    // orderingTerms reads ?ordering=; the rule may name another parameter.
    const terms = orderingTerms(new Map(asked ? [['ordering', asked]] : []), options);
    return { ...semantics, orderedBy: terms.map((term) => term.field) };
  };
  return { ...rules, arrays: Object.fromEntries(Object.entries(rules.arrays).map(([path, semantics]) => [path, resolve(semantics)])) };
}

function pathError(path: string): string | undefined {
  const tokens = tokenize(path);
  if (formatPath(tokens) !== path) return `"${path}" is not a field path such as body.results[*].created_at`;
  if (!ROOTS.includes(tokens[0]!)) return `"${path}" must start with status, header, cookie or body`;
  return undefined;
}

/** Problems with a route's rules, each naming the field (e.g. `masks[0].pattern: ...`); empty when they are sound. */
export function ruleErrors(rules: ParityRules): string[] {
  const errors: string[] = [];
  (rules.ignore ?? []).forEach((path, i) => {
    const error = pathError(path);
    if (error) errors.push(`ignore[${i}]: ${error}`);
  });
  (rules.masks ?? []).forEach((mask, i) => {
    const error = pathError(mask.path);
    if (error) errors.push(`masks[${i}].path: ${error}`);
    try {
      new RegExp(mask.pattern, 'g');
    } catch (e) {
      errors.push(`masks[${i}].pattern: ${(e as Error).message}`);
    }
  });
  for (const [path, semantics] of Object.entries(rules.arrays ?? {})) {
    const error = pathError(path);
    if (error) errors.push(`arrays["${path}"]: ${error}`);
    if (typeof semantics !== 'object') continue;
    if ('orderedBy' in semantics) {
      if (!semantics.id) errors.push(`arrays["${path}"].id: must name the field that identifies a row`);
    } else if (!semantics.key) errors.push(`arrays["${path}"].key: must name a field`);
  }
  return errors;
}
