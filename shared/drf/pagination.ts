import { drfAtLeast, monolithSettings } from '../django/monolith-settings.ts';
import { buildAbsoluteUri } from '../http/absolute-uri.ts';
import type { CanopyRequest } from '../http/types.ts';
import { ApiError } from '../http/errors.ts';
import { pyInt } from '../python/str.ts';
import { parseQs, splitUrl, unsplitUrl, urlencodeSorted } from '../python/urllib.ts';
import type { QueryDict } from './querydict.ts';

// DRF's PageNumberPagination over Django's Paginator (no orphans, an empty first page allowed),
// with the page size, page size query parameter and maximum of the monolith's pagination class
// (the build refuses an export without a PAGE_SIZE: the list views paginate).

const PAGE_QUERY_PARAM = 'page';
const PAGINATION = monolithSettings.pagination;
/** The pagination class's page_size (REST_FRAMEWORK['PAGE_SIZE'] unless the class sets its own). */
export const PAGE_SIZE = PAGINATION?.page_size ?? monolithSettings.rest_framework_settings.PAGE_SIZE ?? 0;
/** DRF 3.15+: `query_params.get('page') or 1`, so an empty ?page= is page 1 (3.14: int('') fails, "Invalid page."). */
const EMPTY_PAGE_IS_FIRST = drfAtLeast(3, 15);

/** One page of a result set, as Paginator.page() cut it. */
export interface Page {
  /** The 1-based page number. */
  number: number;
  numPages: number;
  count: number;
  /** The QuerySet slice [offset:offset + limit] (a LIMIT of 0 runs no query). */
  offset: number;
  limit: number;
}

/** What the page parameter asks for once int() accepts it; InvalidPage already raised otherwise. */
export type RequestedPage = bigint | 'last';

// NotFound(invalid_page_message): the message has no placeholders to fill.
const invalidPage = () => new ApiError('not_found', 404, { detail: 'Invalid page.' });

/**
 * get_page_number and the half of Paginator.validate_number that needs no count: the last
 * ?page= value (1 when absent), 'last', or an int() of at least 1; else 404 'Invalid page.'.
 */
export function requestedPage(query: QueryDict): RequestedPage {
  const text = query.get(PAGE_QUERY_PARAM)?.at(-1);
  if (text === undefined || (EMPTY_PAGE_IS_FIRST && text === '')) return 1n;
  if (text === 'last') return 'last';
  const number = pyInt(text);
  if (number === null || number < 1n) throw invalidPage();
  return number;
}

/**
 * get_page_size: the last value of the page_size_query_param, when the class has one and int()
 * takes it as a positive number, capped at max_page_size when that is set; else the page size.
 */
export function requestedPageSize(query: QueryDict, pagination = PAGINATION): number {
  const defaultSize = pagination?.page_size ?? PAGE_SIZE;
  const param = pagination?.page_size_query_param;
  const text = param ? query.get(param)?.at(-1) : undefined;
  const size = text === undefined ? null : pyInt(text);
  if (size === null || size <= 0n) return defaultSize;
  const max = pagination?.max_page_size;
  if (max && size > BigInt(max)) return max;
  // A size beyond any table's count cuts the same pages as the largest safe one.
  return size > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(size);
}

/** Paginator.page(): the page of `count` rows that was asked for, or 404 'Invalid page.' past the end. */
export function cutPage(requested: RequestedPage, count: number, pageSize = PAGE_SIZE): Page {
  const numPages = Math.max(1, Math.ceil(count / pageSize));
  const number = requested === 'last' ? numPages : requested;
  if (number > BigInt(numPages)) throw invalidPage();
  const offset = (Number(number) - 1) * pageSize;
  return { number: Number(number), numPages, count, offset, limit: Math.min(pageSize, count - offset) };
}

/** replace_query_param (a value) and remove_query_param (null): query keys come back sorted and re-encoded. */
function withPageParam(url: string, page: number | null): string {
  const parts = splitUrl(url);
  const params = parseQs(parts.query);
  if (page === null) params.delete(PAGE_QUERY_PARAM);
  else params.set(PAGE_QUERY_PARAM, [String(page)]);
  return unsplitUrl({ ...parts, query: urlencodeSorted(params) });
}

/** get_paginated_response's data: count, absolute next and previous links (page 1 drops `page`), results. */
export function paginatedData<T>(req: CanopyRequest, page: Page, results: T[]) {
  const url = buildAbsoluteUri(req);
  const previous = page.number - 1;
  return {
    count: page.count,
    next: page.number < page.numPages ? withPageParam(url, page.number + 1) : null,
    previous: previous < 1 ? null : withPageParam(url, previous === 1 ? null : previous),
    results,
  };
}
