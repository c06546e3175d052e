import { pyStrip } from '../python/str.ts';
import type { QueryDict } from './querydict.ts';

// DRF 3.14's OrderingFilter with a view's ordering_fields and ordering, and how Django 3.2's
// SQL compiler then writes queryset.order_by(*terms).

/** One ORDER BY item: a field name from ordering_fields and its direction. */
export interface OrderingTerm {
  field: string;
  descending: boolean;
}

/** A view's OrderingFilter settings. */
export interface OrderingOptions {
  /** ordering_fields: the names a client may order by. */
  fields: readonly string[];
  /** The view's ordering, used when ?ordering= gives no valid term. */
  default: readonly string[];
}

/**
 * OrderingFilter.get_ordering: the last ?ordering= value split on commas and stripped, terms
 * naming no allowed field dropped, else the default; then order_by() as Django compiles it,
 * where a field already ordered by is skipped whatever its direction.
 */
export function orderingTerms(query: QueryDict, options: OrderingOptions): OrderingTerm[] {
  const param = query.get('ordering')?.at(-1);
  const requested = param ? param.split(',').map(pyStrip) : [];
  const valid = requested.filter((term) => options.fields.includes(term.startsWith('-') ? term.slice(1) : term));
  const terms = (valid.length ? valid : options.default).map((term) =>
    term.startsWith('-') ? { field: term.slice(1), descending: true } : { field: term, descending: false },
  );
  return terms.filter((term, i) => terms.findIndex((other) => other.field === term.field) === i);
}
