import { isEmptyCookieValue, splitSetCookie } from './cookies.ts';
import { parseJson } from './json.ts';
import { applyRules } from './rules.ts';
import type { ObservedAnswer, ParityRules } from './types.ts';

/**
 * Headers the monolith's code decides (views, DRF, the middleware chain).
 * Server, Date, Connection, Keep-Alive come from the serving process and
 * X-Canopy-Backend from the load balancer, so they are not compared.
 */
export const COMPARED_HEADERS: readonly string[] = [
  'content-type',
  'content-length',
  'vary',
  'allow',
  'location',
  'x-frame-options',
  'x-content-type-options',
  'referrer-policy',
  'cross-origin-opener-policy',
  'www-authenticate',
  'retry-after',
  'cache-control',
  'expires',
];

/**
 * Two answers made comparable: each one tree `{ status, header, cookie, body }`
 * whose paths are the field paths of Differences, with the route's rules
 * applied; `jsonBody` says whether bodies are parsed JSON (else text).
 */
export interface ComparablePair {
  a: unknown;
  b: unknown;
  jsonBody: boolean;
}

function headerTree(headers: Array<[string, string]>): Record<string, unknown> {
  const values = new Map<string, string[]>();
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (COMPARED_HEADERS.includes(lower)) values.set(lower, [...(values.get(lower) ?? []), value]);
  }
  const tree: Record<string, unknown> = {};
  for (const [name, list] of values) {
    const value = list.join(', ');
    if (name === 'vary') {
      // A set of header names: their order and case are nothing a client or cache acts on.
      const tokens = value.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean);
      tree.vary = Object.fromEntries(tokens.map((t) => [t, t]));
    } else {
      // Expires is a date computed when the answer is made: only its presence is Django's decision.
      tree[name] = name === 'expires' ? 'present' : value;
    }
  }
  return tree;
}

// A cookie's value (a fresh session key, a CSRF token) and expiry date
// legitimately differ per answer: compared as empty/set and present.
function cookieTree(headers: Array<[string, string]>): Record<string, Record<string, string>> {
  const cookies = headers.filter(([name]) => name.toLowerCase() === 'set-cookie').map(([, header]) => splitSetCookie(header));
  return Object.fromEntries(
    cookies.map((cookie) => {
      const attributes = cookie.attributes.map((attribute) => {
        const eq = attribute.indexOf('=');
        const key = (eq === -1 ? attribute : attribute.slice(0, eq)).toLowerCase();
        return [key, key === 'expires' ? 'present' : eq === -1 ? 'true' : attribute.slice(eq + 1)];
      });
      return [cookie.name, Object.fromEntries([['value', isEmptyCookieValue(cookie.value) ? 'empty' : 'set'], ...attributes])];
    }),
  );
}

function answerTree(answer: ObservedAnswer, body: unknown): Record<string, unknown> {
  return { status: answer.status, header: headerTree(answer.headers), cookie: cookieTree(answer.headers), body };
}

/**
 * Makes two answers comparable under a route's rules. Bodies are compared as
 * JSON when both parse (whatever their Content-Type says), else as text.
 */
export function comparable(a: ObservedAnswer, b: ObservedAnswer, rules: ParityRules): ComparablePair {
  const textA = a.body.toString('utf8');
  const textB = b.body.toString('utf8');
  const jsonA = parseJson(textA);
  const jsonB = parseJson(textB);
  const jsonBody = jsonA !== undefined && jsonB !== undefined;
  return {
    a: applyRules(answerTree(a, jsonBody ? jsonA.value : textA), rules),
    b: applyRules(answerTree(b, jsonBody ? jsonB.value : textB), rules),
    jsonBody,
  };
}
