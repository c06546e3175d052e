import { describe, expect, it } from 'vitest';
import { diffAnswers } from './diff.ts';
import { rulesForRequest } from './rules.ts';
import { drfAnswer, order, ordersPage } from './fixtures.ts';
import type { ObservedAnswer } from './types.ts';

const session = (maxAge: number, value = 'k3j4h5g6f7d8s9a0') =>
  `sessionid=${value}; expires=Wed, 15 May 2024 09:20:11 GMT; HttpOnly; Max-Age=${maxAge}; Path=/; SameSite=Lax`;

/** The same answer with one header replaced (or removed when value is undefined). */
function withHeader(answer: ObservedAnswer, name: string, value?: string): ObservedAnswer {
  const headers = answer.headers.filter(([n]) => n.toLowerCase() !== name.toLowerCase());
  return { ...answer, headers: value === undefined ? headers : [...headers, [name, value]] };
}

describe('diffAnswers', () => {
  const page = drfAnswer(ordersPage());

  it('finds nothing between equal answers, whatever the serving process put in Server, Date, Connection or X-Canopy-Backend', () => {
    const fn: ObservedAnswer = {
      ...page,
      headers: [
        ...page.headers.filter(([n]) => !['Server', 'Date', 'Connection'].includes(n)),
        ['Date', 'Wed, 01 May 2024 09:20:12 GMT'],
        ['X-Canopy-Backend', 'orders'],
        ['Keep-Alive', 'timeout=5'],
      ],
      latencyMs: 12,
    };
    expect(diffAnswers(page, fn, {})).toEqual([]);
  });

  it('catches a renamed field in one order of the page, path by path', () => {
    const results = ordersPage().results;
    const { quantity, ...rest } = results[3]!;
    results[3] = { ...rest, qty: quantity };
    const diffs = diffAnswers(page, drfAnswer(ordersPage(results)), {});
    expect(diffs).toEqual([
      { path: 'header.content-length', kind: 'header', a: '5779', b: '5774' },
      { path: 'body.results[3].quantity', kind: 'missing', a: '"1577.500"' },
      { path: 'body.results[3].qty', kind: 'extra', b: '"1577.500"' },
    ]);
  });

  it('catches 200 vs 201 and a content-type with a charset', () => {
    const fn = withHeader(drfAnswer(ordersPage(), { status: 201 }), 'Content-Type', 'application/json; charset=utf-8');
    expect(diffAnswers(page, fn, {})).toEqual([
      { path: 'status', kind: 'status', a: '200', b: '201' },
      { path: 'header.content-type', kind: 'header', a: 'application/json', b: 'application/json; charset=utf-8' },
    ]);
  });

  it('compares Vary as a set of tokens: order and case do not matter, a missing token does', () => {
    expect(diffAnswers(page, withHeader(page, 'Vary', 'cookie, Accept'), {})).toEqual([]);
    expect(diffAnswers(page, withHeader(page, 'Vary', 'Accept'), {})).toEqual([{ path: 'header.vary.cookie', kind: 'missing', a: 'cookie' }]);
    expect(diffAnswers(page, withHeader(page, 'Vary'), {})).toEqual([{ path: 'header.vary', kind: 'missing', a: 'accept, cookie' }]);
    expect(diffAnswers(withHeader(page, 'Vary', 'Accept, Cookie'), withHeader(page, 'Vary', 'Accept, Cookie, Origin'), {})).toEqual([
      { path: 'header.vary.origin', kind: 'extra', b: 'origin' },
    ]);
  });

  it('compares cookies by attributes: a different Max-Age is caught, a fresh session key and expiry date are not', () => {
    const login = withHeader(drfAnswer({ id: 1 }), 'Set-Cookie', session(1209600));
    const sameShape = withHeader(drfAnswer({ id: 1 }), 'Set-Cookie', session(1209600, 'zzzzzzzzzzzzzzzz').replace('15 May', '16 May'));
    expect(diffAnswers(login, sameShape, {})).toEqual([]);
    expect(diffAnswers(login, withHeader(login, 'Set-Cookie', session(3600)), {})).toEqual([
      { path: 'cookie.sessionid.max-age', kind: 'cookie', a: '1209600', b: '3600' },
    ]);
    expect(diffAnswers(login, withHeader(login, 'Set-Cookie', session(1209600).replace('HttpOnly; ', '')), {})).toEqual([
      { path: 'cookie.sessionid.httponly', kind: 'missing', a: 'true' },
    ]);
    expect(diffAnswers(login, withHeader(login, 'Set-Cookie', session(1209600, '""')), {})).toEqual([
      { path: 'cookie.sessionid.value', kind: 'cookie', a: 'set', b: 'empty' },
    ]);
    expect(diffAnswers(login, drfAnswer({ id: 1 }), {})).toEqual([
      { path: 'cookie.sessionid', kind: 'missing', a: '{"value":"set","expires":"present","httponly":"true","max-age":"1209600","path":"/","samesite":"Lax"}' },
    ]);
  });

  it('tells a decimal string from a number and from a string with another scale', () => {
    const asNumber = ordersPage([order(580, { quantity: 1580.5 })]);
    const otherScale = ordersPage([order(580, { quantity: '1580.50' })]);
    const ours = drfAnswer(ordersPage([order(580)]));
    expect(diffAnswers(ours, drfAnswer(asNumber), { ignore: ['header.content-length'] })).toEqual([
      { path: 'body.results[0].quantity', kind: 'type', a: '"1580.500"', b: '1580.5' },
    ]);
    expect(diffAnswers(ours, drfAnswer(otherScale), { ignore: ['header.content-length'] })).toEqual([
      { path: 'body.results[0].quantity', kind: 'value', a: '"1580.500"', b: '"1580.50"' },
    ]);
  });

  it('catches datetimes rendered without microseconds or with an offset instead of Z', () => {
    const fn = drfAnswer(ordersPage([order(580, { created_at: '2024-05-01T09:13:40Z', updated_at: '2024-05-01T09:14:02.004417+00:00' })]));
    expect(diffAnswers(drfAnswer(ordersPage([order(580)])), fn, { ignore: ['header.content-length'] }).map((d) => d.path)).toEqual([
      'body.results[0].created_at',
      'body.results[0].updated_at',
    ]);
  });

  it('compares numbers by value; a rendering such as 1.0 vs 1 still shows in Content-Length', () => {
    const python: ObservedAnswer = { ...drfAnswer({}), body: Buffer.from('{"ratio":1.0}') };
    const node: ObservedAnswer = { ...drfAnswer({}), body: Buffer.from('{"ratio":1}') };
    const withLength = (a: ObservedAnswer) => withHeader(a, 'Content-Length', String(a.body.length));
    expect(diffAnswers(withLength(python), withLength(node), {})).toEqual([{ path: 'header.content-length', kind: 'header', a: '13', b: '11' }]);
  });

  it('compares bodies that are not both JSON as text, in one difference', () => {
    const html = (body: string): ObservedAnswer => ({ status: 500, headers: [['Content-Type', 'text/html']], body: Buffer.from(body) });
    expect(diffAnswers(html('<h1>Server Error (500)</h1>'), html('<h1>Server Error (500)</h1>'), {})).toEqual([]);
    expect(diffAnswers(html('<h1>Server Error (500)</h1>'), html('Internal Server Error'), {})).toEqual([
      { path: 'body', kind: 'body', a: '<h1>Server Error (500)</h1>', b: 'Internal Server Error' },
    ]);
    expect(diffAnswers(html('<h1>Server Error (500)</h1>'), { ...html('{"detail":"A server error occurred."}') }, {})).toEqual([
      { path: 'body', kind: 'body', a: '<h1>Server Error (500)</h1>', b: '{"detail":"A server error occurred."}' },
    ]);
  });

  it('flags a reordered list by default: order is part of the answer unless the rules say otherwise', () => {
    const results = ordersPage().results;
    const swapped = drfAnswer(ordersPage([results[1]!, results[0]!, ...results.slice(2)]));
    expect(diffAnswers(page, swapped, {}).map((d) => d.path)).toEqual(
      expect.arrayContaining(['body.results[0].id', 'body.results[1].id']),
    );
  });

  describe('arrays keyed by id', () => {
    const rules = { arrays: { 'body.results': { key: 'id' } }, ignore: ['header.content-length'] };
    const results = ordersPage().results;

    it('do not flag a reordering', () => {
      expect(diffAnswers(page, drfAnswer(ordersPage([...results].reverse())), rules)).toEqual([]);
    });

    it('flag a changed element by its id, and a missing or extra one', () => {
      const changed = [...results].reverse().map((o) => (o.id === 575 ? { ...o, status: 'dispatched' } : o));
      expect(diffAnswers(page, drfAnswer(ordersPage(changed)), rules)).toEqual([
        { path: 'body.results[id=575].status', kind: 'value', a: '"confirmed"', b: '"dispatched"' },
      ]);
      const swappedOne = [...results.filter((o) => o.id !== 561), order(560)];
      expect(diffAnswers(page, drfAnswer(ordersPage(swappedOne)), rules)).toEqual([
        { path: 'body.results[id=561]', kind: 'missing', a: JSON.stringify(order(561)) },
        { path: 'body.results[id=560]', kind: 'extra', b: JSON.stringify(order(560)) },
      ]);
    });
  });

  describe('arrays ordered by key, ties unordered', () => {
    // ?ordering=status: statuses in order, rows of one status in whatever order the database chose.
    const statuses = ['cancelled', 'cancelled', 'confirmed', 'confirmed', 'confirmed', 'pending', 'pending'];
    const rows = statuses.map((status, i) => order(570 + i, { status }));
    const byStatus = { arrays: { 'body.results': { orderedBy: ['status'], id: 'id' } }, ignore: ['header.content-length'] };
    const page = (results: Array<Record<string, unknown>>) => drfAnswer(ordersPage(results));
    const at = (...indices: number[]) => indices.map((i) => rows[i]!);

    it('do not flag rows reordered within a tie, which row by row comparison does', () => {
      const shuffled = page(at(1, 0, 4, 2, 3, 6, 5));
      expect(diffAnswers(page(rows), shuffled, byStatus)).toEqual([]);
      expect(diffAnswers(page(rows), shuffled, { ignore: ['header.content-length'] }).length).toBeGreaterThan(0);
    });

    it('flag rows out of key order, a changed row by its id, and another row inside a tie group', () => {
      expect(diffAnswers(page(rows), page(at(2, 0, 1, 3, 4, 5, 6)), byStatus).map((d) => d.path)).toContain('body.results[0].status');
      const changed = rows.map((row) => (row.id === 573 ? { ...row, quantity: '1.000' } : row));
      expect(diffAnswers(page(rows), page(changed), byStatus)).toEqual([
        { path: 'body.results[id=573].quantity', kind: 'value', a: '"1573.500"', b: '"1.000"' },
      ]);
      const stranger = order(599, { status: 'confirmed' });
      expect(diffAnswers(page(rows), page([...at(0, 1, 2), stranger, ...at(4, 5, 6)]), byStatus)).toEqual([
        { path: 'body.results[id=573]', kind: 'missing', a: JSON.stringify(rows[3]) },
        { path: 'body.results[id=599]', kind: 'extra', b: JSON.stringify(stranger) },
      ]);
    });

    it('accept other tied rows in the first and last group, which continue on the neighbouring pages', () => {
      const neighbours = [order(598, { status: 'cancelled' }), ...at(1, 2, 3, 4, 5), order(599, { status: 'pending' })];
      expect(diffAnswers(page(rows), page(neighbours), byStatus)).toEqual([]);
    });

    it('follow the sort fields the request asked for with ?ordering=, as DRF reads them', () => {
      const rule = { param: 'ordering', fields: ['status', 'quantity', 'id'], default: ['-id'] };
      const rules = { arrays: { 'body.results': { orderedBy: rule, id: 'id' } } };
      const resolved = (query: string) => (rulesForRequest(rules, query).arrays!['body.results'] as { orderedBy: string[] }).orderedBy;
      expect(resolved('ordering=-status,%20quantity')).toEqual(['status', 'quantity']);
      expect(resolved('ordering=bogus')).toEqual(['id']);
      expect(resolved('')).toEqual(['id']);
    });
  });

  describe('unordered arrays', () => {
    const rules = { arrays: { 'body.products': 'unordered' as const, 'body.sites': 'unordered' as const } };
    const body = { products: ['diesel', 'petrol', 'adblue', 'diesel'], sites: [{ id: 4, name: 'Depot A' }, { id: 5, name: 'Depot B' }] };

    it('do not flag a reordering', () => {
      const reordered = { products: ['diesel', 'adblue', 'diesel', 'petrol'], sites: [{ name: 'Depot B', id: 5 }, { id: 4, name: 'Depot A' }] };
      expect(diffAnswers(drfAnswer(body), drfAnswer(reordered), rules)).toEqual([]);
    });

    it('compare as multisets: a duplicate more or less is a difference', () => {
      const other = { ...body, products: ['diesel', 'petrol', 'adblue', 'adblue'] };
      expect(diffAnswers(drfAnswer(body), drfAnswer(other), { ...rules, ignore: ['header.content-length'] })).toEqual([
        { path: 'body.products[3]', kind: 'value', a: '"diesel"', b: '"adblue"' },
      ]);
      expect(diffAnswers(drfAnswer(body), drfAnswer({ ...body, products: ['petrol', 'diesel', 'adblue'] }), { ...rules, ignore: ['header.content-length'] })).toEqual([
        { path: 'body.products[3]', kind: 'missing', a: '"diesel"' },
      ]);
    });

    it('show a changed element field by field, paired with its likeliest counterpart', () => {
      const changed = { ...body, sites: [{ id: 5, name: 'Depot B' }, { id: 4, name: 'Depot A (north)' }] };
      expect(diffAnswers(drfAnswer(body), drfAnswer(changed), { ...rules, ignore: ['header.content-length'] })).toEqual([
        { path: 'body.sites[0].name', kind: 'value', a: '"Depot A"', b: '"Depot A (north)"' },
      ]);
      const bothChanged = { ...body, sites: [{ id: 5, name: 'Depot B (south)' }, { id: 4, name: 'Depot A (north)' }] };
      expect(diffAnswers(drfAnswer(body), drfAnswer(bothChanged), { ...rules, ignore: ['header.content-length'] })).toEqual([
        { path: 'body.sites[0].name', kind: 'value', a: '"Depot A"', b: '"Depot A (north)"' },
        { path: 'body.sites[1].name', kind: 'value', a: '"Depot B"', b: '"Depot B (south)"' },
      ]);
    });
  });

  it('leaves ignored fields out and compares masked strings without what the masks cover', () => {
    const a = drfAnswer({ detail: 'Request was throttled. Expected available in 37 seconds.', last_login: '2024-05-01T08:00:00.000001Z' }, { status: 429 });
    const b = drfAnswer({ detail: 'Request was throttled. Expected available in 36 seconds.', last_login: '2024-05-01T08:00:03.120001Z' }, { status: 429 });
    expect(diffAnswers(a, b, {}).map((d) => d.path)).toEqual(['body.detail', 'body.last_login']);
    expect(diffAnswers(a, b, { ignore: ['body.last_login'], masks: [{ path: 'body.detail', pattern: '\\d+ seconds' }] })).toEqual([]);
    const longer = drfAnswer({ detail: 'Request was throttled. Expected available in 7 minutes.', last_login: null }, { status: 429 });
    expect(diffAnswers(a, longer, { ignore: ['body.last_login', 'header.content-length'], masks: [{ path: 'body.detail', pattern: '\\d+ seconds' }] })).toEqual([
      { path: 'body.detail', kind: 'value', a: '"Request was throttled. Expected available in <masked>."', b: '"Request was throttled. Expected available in 7 minutes."' },
    ]);
  });

  it('names odd keys unambiguously', () => {
    expect(diffAnswers(drfAnswer({ 'a.b': 1 }), drfAnswer({ 'a.b': 2 }), {})).toEqual([{ path: 'body["a.b"]', kind: 'value', a: '1', b: '2' }]);
    expect(diffAnswers(drfAnswer({ x: 1 }), drfAnswer({ x: 1, constructor: 1 }), { ignore: ['header.content-length'] })).toEqual([
      { path: 'body.constructor', kind: 'extra', b: '1' },
    ]);
  });
});
