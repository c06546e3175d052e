/**
 * The API reference against real answers: the same requests, successes and
 * errors of every documented operation, go to the monolith (Django) and to
 * the function; each answer's status must be one the document lists for that
 * operation, and its body must validate against the schema documented for
 * that status (response bodies allow no undocumented field). Django is the
 * oracle: where DRF's own schema says nothing (error shapes, APIView bodies),
 * this is what checks the document.
 */
import AjvModule from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign } from '../../functions/payments-webhook/signature.ts';
import { loadManifest } from '../../tools/manifest.ts';
import { apiDocument } from '../../tools/openapi/site.ts';
import { SEED_PASSWORD, tokenHeader } from '../../tools/seed-credentials.ts';
import { DEV_WEBHOOK_SECRET } from '../../tools/stack/monolith.ts';
import { send, setCookieValue, type RawRequest, type RawResponse } from '../support/http.ts';
import { startWorld, type World } from '../support/world.ts';

// ajv's CommonJS modules, as ESM sees them.
const Ajv2020 = AjvModule as unknown as typeof AjvModule.default;
const addFormats = formatsModule as unknown as typeof formatsModule.default;

type Operation = { responses: Record<string, { content?: Record<string, unknown> }> };
const document = apiDocument() as unknown as { paths: Record<string, Record<string, Operation>> };
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addFormat('decimal', /^-?\d+(\.\d+)?$/);
ajv.addSchema(document, 'openapi');

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

/** The document's verdict on one answer to `method template`: null when it is as documented, else why not. */
function undocumented(template: string, method: string, res: RawResponse): string | null {
  const operation = document.paths[template]?.[method.toLowerCase()];
  if (!operation) return `${method} ${template} is not documented`;
  const response = operation.responses[String(res.status)];
  if (!response) return `${method} ${template} does not document status ${res.status} (${res.body.toString().slice(0, 200)})`;
  const contentType = (res.headers['content-type']?.[0] ?? '').split(';')[0]!;
  if (!response.content) return res.body.length === 0 ? null : `status ${res.status} is documented without a body, got ${contentType}`;
  if (!response.content[contentType]) return `status ${res.status} is documented as ${Object.keys(response.content).join(', ')}, got ${contentType}`;
  if (contentType !== 'application/json') return null;
  const validate = ajv.getSchema(`openapi#/${pointer('paths', template, method.toLowerCase(), 'responses', String(res.status), 'content', contentType, 'schema')}`)!;
  const body: unknown = JSON.parse(res.body.toString());
  return validate(body) ? null : `${res.status} body ${res.body.toString().slice(0, 300)}: ${ajv.errorsText(validate.errors)}`;
}

let world: World;
let csrf: string;
/** A site of another customer than alice: hers to nobody but staff. */
let notAlices: number;
const routes = loadManifest().routes;

const json = { 'Content-Type': 'application/json' };
const signed = (body: string, contentType = 'application/json') => {
  const t = BigInt(Math.floor(Date.now() / 1000));
  return { method: 'POST', path: '/api/webhooks/payments/', headers: { 'Content-Type': contentType, 'Payment-Signature': `t=${t},v1=${sign(DEV_WEBHOOK_SECRET, t, Buffer.from(body))}` }, body };
};
const order = { site: 1, product: 'diesel', quantity: '12.50', window_start: '2026-12-01T08:00:00Z', window_end: '2026-12-01T12:00:00Z' };
const payment = (orderId: number) => JSON.stringify({ id: `evt_docs_${orderId}_${Date.now()}`, type: 'payment.succeeded', data: { order_id: orderId, amount: '10.00', currency: 'GBP' } });

/** [path template, the request, the status both sides give]: a success and the errors of every operation. */
const cases = (): Array<[string, RawRequest, number]> => {
  const withCsrf = { Cookie: `csrftoken=${csrf}`, 'X-CSRFToken': csrf };
  return [
    ['/api/users/me/', { path: '/api/users/me/', headers: tokenHeader('alice') }, 200],
    ['/api/users/me/', { path: '/api/users/me/' }, 403],
    ['/api/users/{id}/', { path: '/api/users/13/', headers: tokenHeader('admin') }, 200],
    ['/api/users/{id}/', { path: '/api/users/2/', headers: tokenHeader('alice') }, 404],
    ['/api/users/{id}/', { path: '/api/users/1/' }, 403],
    ['/api/auth/session/', { path: '/api/auth/session/' }, 200],
    ['/api/auth/session/', { path: '/api/auth/session/', headers: tokenHeader('alice') }, 200],
    ['/api/auth/login/', { method: 'POST', path: '/api/auth/login/', headers: { ...json, ...withCsrf }, body: JSON.stringify({ username: 'alice', password: SEED_PASSWORD }) }, 200],
    ['/api/auth/login/', { method: 'POST', path: '/api/auth/login/', headers: { ...json, ...withCsrf }, body: JSON.stringify({ username: 'alice', password: 'wrong' }) }, 400],
    ['/api/auth/login/', { method: 'POST', path: '/api/auth/login/', headers: { ...json, ...withCsrf }, body: JSON.stringify({ username: '' }) }, 400],
    ['/api/auth/login/', { method: 'POST', path: '/api/auth/login/', headers: { 'Content-Type': 'text/plain', ...withCsrf }, body: 'alice' }, 415],
    ['/api/auth/login/', { method: 'POST', path: '/api/auth/login/', headers: json, body: '{}' }, 403],
    ['/api/auth/logout/', { method: 'POST', path: '/api/auth/logout/' }, 204],
    ['/api/orders/', { path: '/api/orders/?ordering=-quantity', headers: tokenHeader('alice') }, 200],
    ['/api/orders/', { path: '/api/orders/?status=lost&site=x', headers: tokenHeader('alice') }, 400],
    ['/api/orders/', { path: '/api/orders/?page=999', headers: tokenHeader('alice') }, 404],
    ['/api/orders/', { path: '/api/orders/' }, 403],
    ['/api/orders/', { method: 'POST', path: '/api/orders/', headers: { ...json, ...tokenHeader('alice') }, body: JSON.stringify(order) }, 201],
    ['/api/orders/', { method: 'POST', path: '/api/orders/', headers: { ...json, ...tokenHeader('alice') }, body: JSON.stringify({ ...order, site: 999, quantity: '0', window_end: order.window_start }) }, 400],
    ['/api/orders/', { method: 'POST', path: '/api/orders/', headers: { ...json, ...tokenHeader('alice') }, body: JSON.stringify({ ...order, window_end: order.window_start }) }, 400],
    ['/api/orders/', { method: 'POST', path: '/api/orders/', headers: { ...json, ...tokenHeader('alice') }, body: '[1]' }, 400],
    ['/api/orders/', { method: 'POST', path: '/api/orders/', headers: { 'Content-Type': 'text/csv', ...tokenHeader('alice') }, body: 'a,b' }, 415],
    ['/api/orders/{id}/', { path: '/api/orders/1/', headers: tokenHeader('admin') }, 200],
    ['/api/orders/{id}/', { path: '/api/orders/99999999/', headers: tokenHeader('admin') }, 404],
    ['/api/webhooks/payments/', signed(payment(2)), 200],
    ['/api/webhooks/payments/', signed(JSON.stringify({ id: 'evt_docs_other', type: 'customer.updated' })), 200],
    ['/api/webhooks/payments/', { method: 'POST', path: '/api/webhooks/payments/', headers: json, body: payment(3) }, 400],
    ['/api/webhooks/payments/', signed(JSON.stringify({ id: 'evt_docs_bad', type: 'payment.succeeded', data: { order_id: 'x', amount: '-1' } })), 400],
    ['/api/webhooks/payments/', signed(JSON.stringify({ type: 'payment.succeeded' })), 400],
    ['/api/webhooks/payments/', signed(payment(2_000_000_000)), 404],
    ['/api/webhooks/payments/', signed(payment(4), 'text/plain'), 415],
    ['/api/sites/', { path: '/api/sites/', headers: tokenHeader('alice') }, 200],
    ['/api/sites/', { path: '/api/sites/?page=2', headers: tokenHeader('admin') }, 200],
    ['/api/sites/', { path: '/api/sites/?page=999', headers: tokenHeader('alice') }, 404],
    ['/api/sites/', { path: '/api/sites/' }, 403],
    ['/api/sites/{id}/', { path: '/api/sites/1/', headers: tokenHeader('alice') }, 200],
    ['/api/sites/{id}/', { path: `/api/sites/${notAlices}/`, headers: tokenHeader('alice') }, 404],
    ['/api/sites/{id}/', { path: '/api/sites/one/', headers: tokenHeader('alice') }, 404],
    ['/api/sites/{id}/', { path: '/api/sites/1/' }, 403],
  ];
};

/** Operations the monolith does not have (tools/openapi/deliberate-differences.ts, BEYOND_DJANGO): the function's answers only. */
const beyondDjango = (): Array<[string, RawRequest, number]> => [
  ['/api/orders/{id}/events/', { path: '/api/orders/1/events/', headers: { ...tokenHeader('admin'), Accept: 'text/event-stream' } }, 200],
  ['/api/orders/{id}/events/', { path: '/api/orders/1/events/', headers: { Accept: 'text/event-stream' } }, 403],
  ['/api/orders/{id}/events/', { path: '/api/orders/99999999/events/', headers: { ...tokenHeader('admin'), Accept: 'text/event-stream' } }, 404],
];

beforeAll(async () => {
  // A stream ends after 2 s here, so its 200 answer can be read to the end.
  world = await startWorld(['users', 'identity', 'orders', 'payments-webhook', 'sites', 'order-stream'], { 'order-stream': { STREAM_LIFETIME_MS: '2000' } });
  const [site] = await world.sql<{ id: number }[]>`
    select min(s.id)::int as id from sites_site s join auth_user u on u.id = s.customer_id where u.username <> 'alice'`;
  notAlices = site!.id;
  const session = await send(world.monolith.url, { path: '/api/auth/session/' });
  csrf = setCookieValue(session, 'csrftoken')!;
});

/** Each case sent to one side: an unexpected status, or an answer the document does not describe. */
async function problemsOf(list: Array<[string, RawRequest, number]>, side: 'monolith' | 'function'): Promise<string[]> {
  const problems: string[] = [];
  for (const [template, request, status] of list) {
    const fn = world.functions[routes.find((r) => r.pathTemplate === template)!.function]!;
    const res = await send(side === 'monolith' ? world.monolith.url : fn.url, request);
    const what = `${request.method ?? 'GET'} ${request.path}`;
    if (res.status !== status) problems.push(`${what}: expected ${status}, got ${res.status} ${res.body.toString().slice(0, 200)}`);
    const verdict = undocumented(template, request.method ?? 'GET', res);
    if (verdict) problems.push(`${what}: ${verdict}`);
  }
  return problems;
}

afterAll(async () => {
  await world?.stop();
});

describe('every documented operation, answered by Django and by the function', () => {
  for (const side of ['monolith', 'function'] as const) {
    it(`${side}: each answer's status is documented and its body validates against the documented schema`, async () => {
      expect(await problemsOf(cases(), side)).toEqual([]);
    });
  }

  it('function only, beyond Django (the order event stream): each answer is documented', async () => {
    expect(await problemsOf(beyondDjango(), 'function')).toEqual([]);
  });

  it('a body that strays from the document is caught (an extra field, a wrong type)', () => {
    const answer = (body: unknown): RawResponse => ({ status: 200, headers: { 'content-type': ['application/json'] }, body: Buffer.from(JSON.stringify(body)) });
    const user = { id: 1, username: 'alice', email: 'a@example.com', first_name: '', last_name: '', is_staff: false, date_joined: '2026-01-01T00:00:00Z', last_login: null };
    expect(undocumented('/api/users/me/', 'GET', answer(user))).toBeNull();
    expect(undocumented('/api/users/me/', 'GET', answer({ ...user, is_superuser: false }))).toContain('must NOT have additional properties');
    expect(undocumented('/api/users/me/', 'GET', answer({ ...user, id: '1' }))).toContain('must be integer');
    expect(undocumented('/api/users/me/', 'GET', { ...answer(user), status: 418 })).toContain('does not document status 418');
  });
});
