/** One HTTP answer as a client observed it: headers in the order sent, Set-Cookie possibly repeated. */
export interface ObservedAnswer {
  status: number;
  headers: Array<[string, string]>;
  body: Buffer;
  latencyMs?: number;
}

/** One HTTP request as the function received it (header names lower-case). */
export interface ObservedRequest {
  method: string;
  path: string;
  rawQuery: string;
  headers: Record<string, string | undefined>;
  body: Buffer;
  /** Set once redacted when no body was kept (a credential route, a body the parser refused): why. */
  bodyWithheld?: string;
}

/** What kind of disagreement a Difference records. */
export type DifferenceKind = 'status' | 'header' | 'cookie' | 'body' | 'missing' | 'extra' | 'type' | 'value';

/**
 * One disagreement between answer `a` (the monolith's) and answer `b`, at a
 * field path such as `status`, `header.vary.cookie`, `cookie.sessionid.max-age`
 * or `body.results[id=7].quantity`; `a`/`b` render each side (absent when that
 * side has nothing there).
 */
export interface Difference {
  path: string;
  kind: DifferenceKind;
  a?: string;
  b?: string;
}

/**
 * The sort fields of a request that orders with DRF's OrderingFilter: the last
 * `?<param>=` split on commas, terms naming none of `fields` dropped, else
 * `default` (a leading '-' only changes the direction, not the grouping).
 */
export interface QueryOrdering {
  param: string;
  fields: string[];
  default: string[];
}

/**
 * Ordered by key, ties unordered: the rows must follow the same sequence of
 * `orderedBy` values, rows tied on them may come in any order and are matched
 * on their `id` field. The first and last tie group of a page may continue on
 * the next or previous page, so which tied rows they hold is not compared,
 * only the rows both sides hold.
 */
export interface TieOrder {
  orderedBy: string[] | QueryOrdering;
  id: string;
}

/** How an array is compared: index by index, as a multiset, element by element matched on a key field, or ordered by key with ties unordered. */
export type ArraySemantics = 'ordered' | 'unordered' | { key: string } | TieOrder;

/**
 * A route's parity rules (the routes manifest's `parity` object). Paths are
 * field paths whose segments may be `*` (any one segment), `[*]` (any array
 * element) or `**` (any number of segments); a rule on a path covers what is
 * under it.
 */
export interface ParityRules {
  /** Fields left out of the comparison altogether. */
  ignore?: string[];
  /** Regular expressions whose matches are replaced by `<masked>` in strings at (or under) `path`. */
  masks?: Array<{ path: string; pattern: string }>;
  /** Array semantics by path; arrays not listed are ordered. */
  arrays?: Record<string, ArraySemantics>;
}
