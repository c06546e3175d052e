import { describe, expect, it } from 'vitest';
import { runDrfBatch, seededRandom } from '../../oracle/drf-python.ts';
import type { CanopyRequest } from '../http/types.ts';
import { ApiError } from '../http/errors.ts';
import { orderingTerms } from './ordering-filter.ts';
import { cutPage, paginatedData, requestedPage, requestedPageSize } from './pagination.ts';
import { parseQueryDict } from './querydict.ts';

// PageNumberPagination and OrderingFilter against DRF 3.14 itself: generated raw query strings
// (escapes valid and not, '+', '#', repeated and blank keys), hosts, schemes and result sizes.

const ORACLE = `
from django.test import RequestFactory
from django.contrib.auth.models import User
from rest_framework.exceptions import NotFound
from rest_framework.filters import OrderingFilter
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request

class View:
    ordering_fields = ['username', 'email', 'date_joined', 'id']
    ordering = ['-date_joined', '-id']

def request(case):
    extra = {'QUERY_STRING': case['query'], 'HTTP_HOST': case['host']}
    if case['proto'] is not None:
        extra['HTTP_X_FORWARDED_PROTO'] = case['proto']
    return Request(RequestFactory().get('/api/orders/', **extra))

class Sized(PageNumberPagination):
    page_size = 15
    page_size_query_param = 'page_size'
    max_page_size = 50

def handle(case):
    if case['kind'] == 'ordering':
        ordering = OrderingFilter().get_ordering(request(case), User.objects.all(), View())
        sql = str(User.objects.order_by(*ordering).query)
        return sql[sql.index('ORDER BY') + len('ORDER BY '):]
    paginator = Sized() if case['sized'] else PageNumberPagination()
    try:
        page = paginator.paginate_queryset(list(range(case['count'])), request(case))
    except NotFound as exc:
        return {'detail': str(exc.detail)}
    return dict(paginator.get_paginated_response(page).data)
`;

const SETTINGS = {
  REST_FRAMEWORK: { PAGE_SIZE: 20 },
  SECURE_PROXY_SSL_HEADER: ['HTTP_X_FORWARDED_PROTO', 'https'],
  ALLOWED_HOSTS: ['*'],
  DATABASES: { default: { ENGINE: 'django.db.backends.sqlite3', NAME: ':memory:' } },
};

interface Case {
  kind: 'page' | 'ordering';
  query: string;
  host: string;
  proto: string | null;
  count: number;
  /** Paginated by a subclass taking ?page_size= (as the exported pagination attributes describe it). */
  sized: boolean;
}

const SIZED = { path: 'Sized', page_size: 15, page_query_param: 'page', page_size_query_param: 'page_size', max_page_size: 50, last_page_strings: ['last'], invalid_page_message: 'Invalid page.' };

const PIECES = ['page=2', 'page=last', 'page=0', 'page=', 'page=%202', 'page=1_0', 'page=%D9%A2', 'page=2.0', 'page=x', 'page',
  'a=1', 'b=%E9', 'c=%zz', 'd=a+b', 'e=%2B%26%3D', 'ordering=-id,username', 'ordering=%20email%20,bogus', 'ordering=id,-id',
  'ordering=--id', 'ordering=', 'Z=1', 'z=', '%C3%A9=x', 'x=1#frag', 'q=!*()~', '', 'k=%F0%9F%98%80', 'k=%EF%BF%BD',
  'page_size=5', 'page_size=0', 'page_size=-2', 'page_size=', 'page_size=abc', 'page_size=99', 'page_size=%D9%A3', 'page_size=%207%20', 'page_size=1_0', 'page_size=99999999999999999999999'];
const HOSTS = ['orders.example.test', 'Orders.Example.COM:8443', '127.0.0.1:8000', '[::1]:80'];

function generate(count: number): Case[] {
  const random = seededRandom(2026);
  return Array.from({ length: count }, (_, i) => ({
    kind: i % 3 === 0 ? 'ordering' : 'page',
    query: Array.from({ length: random.int(5) }, () => random.pick(PIECES)).join('&'),
    host: random.pick(HOSTS),
    proto: random.pick([null, 'https', 'http', 'HTTPS']),
    count: random.pick([0, 1, 19, 20, 21, 44, 600]),
    sized: random.int(2) === 1,
  }));
}

function fakeRequest(c: Case): CanopyRequest {
  return {
    method: 'GET',
    url: `/api/orders/?${c.query}`,
    path: '/api/orders/',
    rawQuery: c.query,
    query: new URLSearchParams(c.query),
    headers: { host: c.host },
    cookies: {},
    body: Buffer.alloc(0),
    secure: c.proto === 'https',
    remoteAddress: '127.0.0.1',
    server: { name: '127.0.0.1', port: '8000' },
    signal: new AbortController().signal,
  };
}

/** Our answer to a case, shaped as the oracle's. */
function ours(c: Case): unknown {
  const query = parseQueryDict(Buffer.from(c.query, 'latin1'), 'utf-8');
  if (c.kind === 'ordering') {
    const terms = orderingTerms(query, { fields: ['username', 'email', 'date_joined', 'id'], default: ['-date_joined', '-id'] });
    return terms.map((t) => `"auth_user"."${t.field}" ${t.descending ? 'DESC' : 'ASC'}`).join(', ');
  }
  try {
    const page = cutPage(requestedPage(query), c.count, requestedPageSize(query, c.sized ? SIZED : undefined));
    const results = Array.from({ length: page.limit }, (_, i) => page.offset + i);
    return paginatedData(fakeRequest(c), page, results);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return error.data;
    throw error;
  }
}

describe('PageNumberPagination and OrderingFilter as DRF has them', () => {
  it('agree with DRF on 600 generated requests', () => {
    const cases = generate(600);
    const expected = runDrfBatch<unknown>(ORACLE, cases, SETTINGS);
    const mismatches = cases.flatMap((c, i) => {
      const theirs = expected[i]!;
      if (!('ok' in theirs)) throw new Error(`oracle raised ${theirs.raised}: ${theirs.message} for ${JSON.stringify(c)}`);
      const mine = ours(c);
      return JSON.stringify(mine) === JSON.stringify(theirs.ok) ? [] : [{ case: c, drf: theirs.ok, ours: mine }];
    });
    expect(mismatches).toEqual([]);
  });
});
