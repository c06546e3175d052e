/**
 * Parity of the payments-webhook function with the live monolith. Both sides run on the same
 * database: before each side the payments, audit entries and orders are put back as they were,
 * so both receive the same delivery (same event id) from the same state. Each case compares the
 * answers (status, headers Django decides, cookies, body bytes) and what each side wrote
 * (payments, the order's status and paid_at, audit entries; ids and timestamps aside), and checks
 * that the monolith answered what the case is about, so a case cannot pass by testing nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send, type RawRequest } from '../support/http.ts';
import { drfAtLeast } from '../../shared/django/monolith-settings.ts';
import { CSRF_COOKIE, monolithExport, SESSION_COOKIE } from '../support/monolith-settings.ts';
import { expectParity } from '../support/parity.ts';
import { startWorld, type World } from '../support/world.ts';
import { delivery, event, hmacHex, nowSeconds, signatureHeader, WEBHOOK_PATH } from '../payments/delivery.ts';
import { effects, restore, takeBaseline, type Baseline } from '../payments/effects.ts';

/** DRF's key for errors that belong to no field, as the monolith sets it. */
const NON_FIELD_ERRORS = monolithExport.rest_framework_settings.NON_FIELD_ERRORS_KEY;

let world: World;
let base: Baseline;
/** Seeded orders in the states the webhook treats differently. */
const orders = { pending: 0, cancelled: 0, paid: 0 };
/** A seeded payment's event id (evt_seed_…) and its order. */
let seeded: { eventId: string; orderId: number };

beforeAll(async () => {
  world = await startWorld(['payments-webhook']);
  const pick = async (condition: string) =>
    Number((await world.sql.unsafe(`select id from orders_order where ${condition} order by id limit 1`))[0]!.id);
  orders.pending = await pick(`status = 'pending' and paid_at is null`);
  orders.cancelled = await pick(`status = 'cancelled' and paid_at is null`);
  orders.paid = await pick(`status = 'dispatched' and paid_at is not null`);
  const [payment] = await world.sql`select provider_event_id, order_id from payments_payment order by id limit 1`;
  seeded = { eventId: payment!.provider_event_id, orderId: Number(payment!.order_id) };
  base = await takeBaseline(world.sql);
});

afterAll(() => world?.stop());

/** What the monolith answers: the status, and the body when it is short JSON. */
type Oracle = [status: number, body?: string];

interface Case {
  name: string;
  /** Built anew for each side (signatures are stamped with the current time). */
  request: () => RawRequest;
  answers: Oracle;
  /** Runs against the side under test before its request (after the state is restored). */
  setup?: (baseUrl: string) => Promise<unknown>;
}

const PROCESSED: Oracle = [200, '{"status":"processed"}'];
const DUPLICATE: Oracle = [200, '{"status":"duplicate"}'];
const IGNORED: Oracle = [200, '{"status":"ignored"}'];
const detail = (status: number, text: string): Oracle => [status, JSON.stringify({ detail: text })];
const MALFORMED = detail(400, 'Missing or malformed signature header.');
const INVALID = detail(400, 'Invalid signature.');
const STALE = detail(400, 'Signature timestamp outside tolerance.');
// django.shortcuts.get_object_or_404's Http404: DRF 3.15+ passes its message on, 3.14 said "Not found.".
const NOT_FOUND = detail(404, drfAtLeast(3, 15, monolithExport) ? 'No Order matches the given query.' : 'Not found.');
const SERVER_ERROR: Oracle = [500];
const invalidData = (errors: unknown): Oracle => [400, JSON.stringify(errors)];

const gbp = (orderId: number, amount: unknown = '868.14') => ({ order_id: orderId, amount, currency: 'GBP' });
/** A signed delivery of a payment.succeeded event. */
const pay = (id: string, data: unknown) => delivery(event(id, data));
const withHeaders = (req: RawRequest, headers: Record<string, string>): RawRequest => ({ ...req, headers: { ...req.headers, ...headers } });
/** A delivery of `body` with the given Payment-Signature header, or none. */
function signedAs(body: string, header: string | null): RawRequest {
  const { 'Payment-Signature': _, ...headers } = delivery(body).headers!;
  return { ...delivery(body), headers: header === null ? headers : { ...headers, 'Payment-Signature': header } };
}
const okBody = () => event('evt_parity_ok', gbp(orders.pending));
/** A header carrying `t` and a right signature over the body for `signedT`. */
const header = (t: string | number, signedT: string | number = t) => `t=${t},v1=${hmacHex(okBody(), signedT)}`;
const WRONG = '0'.repeat(64);

const processed: Case[] = [
  { name: 'pending order: paid and confirmed', request: () => pay('evt_parity_pending', gbp(orders.pending)), answers: PROCESSED },
  { name: 'cancelled order: paid, status kept', request: () => pay('evt_parity_cancelled', gbp(orders.cancelled, '12.5')), answers: PROCESSED },
  { name: 'dispatched order paid before: paid again by a new event', request: () => pay('evt_parity_again', gbp(orders.paid, 99)), answers: PROCESSED },
  {
    name: 'amount as a JSON number, order id as "<id>.0"',
    request: () => pay('evt_parity_number', { order_id: `${orders.pending}.0`, amount: 12.3, currency: 'EUR' }),
    answers: PROCESSED,
  },
  {
    name: 'id, type and currency with surrounding spaces (trimmed)',
    request: () => delivery(event('  evt_parity_spaces ', { ...gbp(orders.pending), currency: ' GBP ' }, ' payment.succeeded ')),
    answers: PROCESSED,
  },
  { name: 'non-ASCII event id (audit data as jsonb)', request: () => pay('evt_é_☃_𝄞', gbp(orders.pending)), answers: PROCESSED },
  {
    name: 'extra fields are ignored',
    request: () => delivery(JSON.stringify({ id: 'evt_parity_extra', type: 'payment.succeeded', livemode: true, data: { ...gbp(orders.pending), fee: '1.00' } })),
    answers: PROCESSED,
  },
  {
    name: 'charset parameter on the content type',
    request: () => withHeaders(pay('evt_parity_charset', gbp(orders.pending)), { 'Content-Type': 'application/json; charset=utf-8' }),
    answers: PROCESSED,
  },
  {
    name: 'application/* matches the JSON parser',
    request: () => withHeaders(pay('evt_parity_wild', gbp(orders.pending)), { 'Content-Type': 'application/*' }),
    answers: PROCESSED,
  },
  {
    name: 'a bad token and a session cookie without CSRF are ignored (no authenticators)',
    request: () =>
      withHeaders(pay('evt_parity_noauth', gbp(orders.pending)), {
        Authorization: 'Token nope',
        Cookie: `${SESSION_COOKIE}=unknownsession000000000000000000; ${CSRF_COOKIE}=x`,
      }),
    answers: PROCESSED,
  },
];

const signatures: Case[] = [
  { name: 'no Payment-Signature header', request: () => signedAs(okBody(), null), answers: MALFORMED },
  { name: 'empty header', request: () => signedAs(okBody(), ''), answers: MALFORMED },
  { name: 'no t', request: () => signedAs(okBody(), `v1=${hmacHex(okBody(), nowSeconds())}`), answers: MALFORMED },
  { name: 'no v1', request: () => signedAs(okBody(), `t=${nowSeconds()}`), answers: MALFORMED },
  { name: 't is not digits', request: () => signedAs(okBody(), header(`${nowSeconds()}x`, nowSeconds())), answers: MALFORMED },
  { name: 'negative t', request: () => signedAs(okBody(), header(`-${nowSeconds()}`)), answers: MALFORMED },
  { name: 'items without "=" and unknown keys are skipped', request: () => signedAs(okBody(), `junk,v0=abc,${header(nowSeconds())}`), answers: PROCESSED },
  { name: 'whitespace around the items', request: () => signedAs(okBody(), ` t=${nowSeconds()} ,\tv1=${hmacHex(okBody(), nowSeconds())} `), answers: PROCESSED },
  { name: 'the last t counts', request: () => signedAs(okBody(), `t=1,${header(nowSeconds())}`), answers: PROCESSED },
  { name: 'signed with another secret', request: () => signedAs(okBody(), signatureHeader(okBody(), nowSeconds(), 'whsec-someone-else')), answers: INVALID },
  { name: 'body changed after signing', request: () => signedAs(okBody().replace('868.14', '1.00'), signatureHeader(okBody())), answers: INVALID },
  { name: 'signature in upper-case hex', request: () => signedAs(okBody(), `t=${nowSeconds()},v1=${hmacHex(okBody(), nowSeconds()).toUpperCase()}`), answers: INVALID },
  { name: 'empty v1', request: () => signedAs(okBody(), `t=${nowSeconds()},v1=`), answers: INVALID },
  { name: 'several v1, one of them right', request: () => signedAs(okBody(), `v1=${WRONG},${header(nowSeconds())},v1=zz`), answers: PROCESSED },
  { name: 'several v1, none right', request: () => signedAs(okBody(), `t=${nowSeconds()},v1=${WRONG},v1=${hmacHex(okBody(), nowSeconds() - 1)}`), answers: INVALID },
  { name: 't with leading zeros, signed as Python formats the int', request: () => signedAs(okBody(), header(`000${nowSeconds()}`, nowSeconds())), answers: PROCESSED },
  { name: 't with leading zeros, signed as sent', request: () => signedAs(okBody(), header(`000${nowSeconds()}`)), answers: INVALID },
  { name: 'stale: signed 301 seconds ago', request: () => signedAs(okBody(), header(nowSeconds() - 301)), answers: STALE },
  { name: 'still fresh: signed 290 seconds ago', request: () => signedAs(okBody(), header(nowSeconds() - 290)), answers: PROCESSED },
  { name: 'from the future: 400 seconds ahead', request: () => signedAs(okBody(), header(nowSeconds() + 400)), answers: STALE },
  { name: 'stale and badly signed: the signature is checked first', request: () => signedAs(okBody(), `t=1,v1=${WRONG}`), answers: INVALID },
  { name: 't = 0 (the epoch), correctly signed', request: () => signedAs(okBody(), header(0)), answers: STALE },
  // Python's str.isdigit() accepts '²' and any length; int() then raises.
  { name: 'superscript digit in t (500)', request: () => signedAs(okBody(), `t=1\u00b2,v1=${WRONG}`), answers: SERVER_ERROR },
  { name: 't of 4301 digits, more than int() reads (500)', request: () => signedAs(okBody(), `t=${'9'.repeat(4301)},v1=${WRONG}`), answers: SERVER_ERROR },
  // The tolerance check converts t to a float, which overflows; only a right signature gets there.
  { name: 't too large for a float, correctly signed (500)', request: () => signedAs(okBody(), header('9'.repeat(400))), answers: SERVER_ERROR },
  { name: 't too large for a float, badly signed', request: () => signedAs(okBody(), `t=${'9'.repeat(400)},v1=${WRONG}`), answers: INVALID },
];

const replays: Case[] = [
  {
    name: 'the same delivery replayed (duplicate, one payment)',
    setup: (url) => send(url, pay('evt_parity_replay', gbp(orders.pending))),
    request: () => pay('evt_parity_replay', gbp(orders.pending)),
    answers: DUPLICATE,
  },
  {
    name: 'the same event id for another order (duplicate, nothing more changes)',
    setup: (url) => send(url, pay('evt_parity_reused', gbp(orders.pending))),
    request: () => pay('evt_parity_reused', gbp(orders.cancelled, '1.00')),
    answers: DUPLICATE,
  },
  { name: 'a seeded event id (duplicate)', request: () => pay(seeded.eventId, gbp(seeded.orderId)), answers: DUPLICATE },
  { name: 'a seen event id for an unknown order (the order is checked first: 404)', request: () => pay(seeded.eventId, gbp(999_999)), answers: NOT_FOUND },
];

const bodies: Case[] = [
  {
    name: 'malformed JSON',
    request: () => delivery('{"id": "evt_parity_bad",'),
    answers: detail(400, 'JSON parse error - Expecting property name enclosed in double quotes: line 1 column 25 (char 24)'),
  },
  { name: 'malformed JSON, badly signed (the signature is checked first)', request: () => signedAs('{"id":', `t=${nowSeconds()},v1=${WRONG}`), answers: INVALID },
  {
    name: 'NaN in the JSON',
    request: () => delivery('{"id": "evt_parity_nan", "type": "payment.succeeded", "data": {"order_id": 1, "amount": NaN, "currency": "GBP"}}'),
    answers: detail(400, "JSON parse error - Out of range float values are not JSON compliant: 'NaN'"),
  },
  { name: 'JSON that is not an object', request: () => delivery('["evt_parity_list"]'), answers: invalidData({ [NON_FIELD_ERRORS]: ['Invalid data. Expected a dictionary, but got list.'] }) },
  { name: 'JSON null', request: () => delivery('null'), answers: invalidData({ [NON_FIELD_ERRORS]: ['No data provided'] }) },
  { name: 'empty body, signed', request: () => delivery(''), answers: invalidData({ id: ['This field is required.'], type: ['This field is required.'] }) },
  { name: 'missing id and type', request: () => delivery('{}'), answers: invalidData({ id: ['This field is required.'], type: ['This field is required.'] }) },
  { name: 'missing type', request: () => delivery('{"id": "evt_parity_notype"}'), answers: invalidData({ type: ['This field is required.'] }) },
  {
    name: 'id too long and type not a string',
    request: () => delivery(event('e'.repeat(129), {}, ['payment.succeeded'])),
    answers: invalidData({ id: ['Ensure this field has no more than 128 characters.'], type: ['Not a valid string.'] }),
  },
  { name: 'blank id', request: () => delivery(event('   ', {})), answers: invalidData({ id: ['This field may not be blank.'] }) },
  { name: 'ignored event type', request: () => delivery(event('evt_parity_failed', gbp(orders.pending), 'payment.failed')), answers: IGNORED },
  { name: 'ignored event type with invalid data', request: () => delivery(event('evt_parity_refund', 'nonsense', 'charge.refunded')), answers: IGNORED },
  { name: 'ignored event type differing in case', request: () => delivery(event('evt_parity_case', gbp(orders.pending), 'Payment.Succeeded')), answers: IGNORED },
  { name: 'data missing', request: () => delivery(JSON.stringify({ id: 'evt_parity_nodata', type: 'payment.succeeded' })), answers: invalidData({ data: ['This field is required.'] }) },
  { name: 'data null', request: () => pay('evt_parity_null', null), answers: invalidData({ data: ['This field may not be null.'] }) },
  {
    name: 'data a list',
    request: () => pay('evt_parity_listdata', [gbp(orders.pending)]),
    answers: invalidData({ data: { [NON_FIELD_ERRORS]: ['Invalid data. Expected a dictionary, but got list.'] } }),
  },
  {
    name: 'data a string',
    request: () => pay('evt_parity_strdata', 'x'),
    answers: invalidData({ data: { [NON_FIELD_ERRORS]: ['Invalid data. Expected a dictionary, but got str.'] } }),
  },
  {
    name: 'data empty',
    request: () => pay('evt_parity_empty', {}),
    answers: invalidData({ data: { order_id: ['This field is required.'], amount: ['This field is required.'], currency: ['This field is required.'] } }),
  },
  {
    name: 'invalid data, every field',
    request: () => pay('evt_parity_invalid', { order_id: 'x', amount: '1.234', currency: 'GBPX' }),
    answers: invalidData({
      data: {
        order_id: ['A valid integer is required.'],
        amount: ['Ensure that there are no more than 2 decimal places.'],
        currency: ['Ensure this field has no more than 3 characters.'],
      },
    }),
  },
  {
    name: 'nulls in data',
    request: () => pay('evt_parity_nulls', { order_id: null, amount: null, currency: null }),
    answers: invalidData({ data: { order_id: ['This field may not be null.'], amount: ['This field may not be null.'], currency: ['This field may not be null.'] } }),
  },
  {
    name: 'amount zero and currency too short',
    request: () => pay('evt_parity_zero', { order_id: orders.pending, amount: '0.00', currency: 'GB' }),
    answers: invalidData({ data: { amount: ['Ensure this value is greater than or equal to 0.01.'], currency: ['Ensure this field has at least 3 characters.'] } }),
  },
  {
    name: 'amount with too many digits',
    request: () => pay('evt_parity_big', gbp(orders.pending, '123456789.00')),
    answers: invalidData({ data: { amount: ['Ensure that there are no more than 10 digits in total.'] } }),
  },
  {
    name: 'amount not a number, order id a boolean',
    request: () => pay('evt_parity_nan2', { order_id: true, amount: 'ten', currency: 'GBP' }),
    answers: invalidData({ data: { order_id: ['A valid integer is required.'], amount: ['A valid number is required.'] } }),
  },
  { name: 'unknown order', request: () => pay('evt_parity_unknown', gbp(999_999)), answers: NOT_FOUND },
  { name: 'negative order id', request: () => pay('evt_parity_negative', gbp(-1)), answers: NOT_FOUND },
  {
    name: 'order id beyond bigint',
    request: () => delivery('{"id": "evt_parity_huge", "type": "payment.succeeded", "data": {"order_id": 99999999999999999999999, "amount": "1.00", "currency": "GBP"}}'),
    answers: NOT_FOUND,
  },
];

const contentTypes: Case[] = [
  { name: 'text/plain, signed', request: () => withHeaders(delivery(okBody()), { 'Content-Type': 'text/plain' }), answers: detail(415, 'Unsupported media type "text/plain" in request.') },
  {
    name: 'form-encoded, signed',
    request: () => withHeaders(delivery('id=evt&type=payment.succeeded'), { 'Content-Type': 'application/x-www-form-urlencoded' }),
    answers: detail(415, 'Unsupported media type "application/x-www-form-urlencoded" in request.'),
  },
  {
    name: 'no content type, signed',
    request: () => {
      const { 'Content-Type': _, ...headers } = delivery(okBody()).headers!;
      return { ...delivery(okBody()), headers };
    },
    answers: detail(415, 'Unsupported media type "" in request.'),
  },
  { name: 'text/plain, badly signed (the signature is checked first)', request: () => withHeaders(signedAs(okBody(), `t=1,v1=${WRONG}`), { 'Content-Type': 'text/plain' }), answers: INVALID },
  {
    name: 'text/plain with an empty body (no parser needed)',
    request: () => withHeaders(delivery(''), { 'Content-Type': 'text/plain' }),
    answers: invalidData({ id: ['This field is required.'], type: ['This field is required.'] }),
  },
];

const methods: Case[] = [
  { name: 'GET', request: () => ({ path: WEBHOOK_PATH }), answers: detail(405, 'Method "GET" not allowed.') },
  { name: 'HEAD', request: () => ({ method: 'HEAD', path: WEBHOOK_PATH }), answers: [405] },
  { name: 'PUT, signed', request: () => ({ ...delivery(okBody()), method: 'PUT' }), answers: detail(405, 'Method "PUT" not allowed.') },
  {
    name: 'OPTIONS (its own parsers)',
    request: () => ({ method: 'OPTIONS', path: WEBHOOK_PATH }),
    answers: [
      200,
      '{"name":"Payment Webhook","description":"Events from the payment provider, authenticated by their HMAC signature only.","renders":["application/json"],"parses":["application/json"]}',
    ],
  },
  { name: 'Accept: text/html (406 before anything)', request: () => withHeaders(delivery(okBody()), { Accept: 'text/html' }), answers: detail(406, 'Could not satisfy the request Accept header.') },
  {
    name: 'without the trailing slash (APPEND_SLASH: 301, even for a POST; else 404)',
    request: () => ({ ...delivery(okBody()), path: WEBHOOK_PATH.slice(0, -1) }),
    answers: [monolithExport.settings.APPEND_SLASH ? 301 : 404],
  },
];

describe.each([
  ['processed payments', processed],
  ['signatures', signatures],
  ['replays and duplicates', replays],
  ['bodies and data', bodies],
  ['content types', contentTypes],
  ['methods and paths', methods],
])('payments-webhook answers %s as the monolith does', (_group, cases) => {
  for (const c of cases) {
    it(c.name, async () => {
      const run = async (url: string) => {
        await restore(world.sql, base);
        await c.setup?.(url);
        const answer = await send(url, c.request());
        return { answer, wrote: await effects(world.sql, base) };
      };
      const monolith = await run(world.monolith.url);
      const fn = await run(world.functions['payments-webhook']!.url);
      const [status, body] = c.answers;
      expect([monolith.answer.status, body === undefined ? undefined : monolith.answer.body.toString()]).toEqual([status, body]);
      if (c.answers === PROCESSED) expect(monolith.wrote.payments).toHaveLength(1);
      expectParity(monolith.answer, fn.answer);
      expect(fn.wrote).toEqual(monolith.wrote);
    });
  }
});
