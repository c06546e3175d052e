/**
 * The order-events function on its own: push envelopes POSTed to it directly,
 * as Pub/Sub (or the relay's fallback) posts them, against the real database,
 * the monolith (for what its signal did) and the dispatch stand-in.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Sql } from '../../shared/db.ts';
import { orderCreatedEvent, pythonLocalIsoformat } from '../../shared/events/order-created.ts';
import { pushEnvelope } from '../../shared/events/push-envelope.ts';
import { DIST } from '../../tools/build.ts';
import { freePort } from '../../tools/stack/ports.ts';
import { deliveriesOf, dispatchCalls, orderAudit, placeOrder, seededSites, startAsyncWorld, waitFor, type AsyncWorld, type SeededSite } from './support.ts';
import { SEED_TOKENS } from '../../tools/seed-credentials.ts';

const ALICE_TOKEN = SEED_TOKENS.alice;

let ctx: AsyncWorld;
let sites: SeededSite[];

beforeAll(async () => {
  ctx = await startAsyncWorld();
  sites = await seededSites(ctx.db);
});
afterAll(() => ctx?.stop());
beforeEach(() => {
  ctx.dispatch.status = 200;
  ctx.dispatch.latencyMs = 20;
});

/** The envelope Pub/Sub would push for an event in the outbox. */
async function envelopeFor(db: Sql, eventId: string, deliveryAttempt?: number): Promise<string> {
  const [row] = await db<{ id: number; payload: string; attributes: Record<string, string>; ordering_key: string }[]>`
    select id, payload, attributes, ordering_key from canopy.outbox where event_id = ${eventId}`;
  const envelope = pushEnvelope(
    { data: row!.payload, attributes: row!.attributes, messageId: `m-${row!.id}`, publishTime: '2026-01-05T08:00:01.000Z', orderingKey: row!.ordering_key },
    'projects/canopy-local/subscriptions/order-events-push',
    deliveryAttempt ?? 1,
  );
  if (deliveryAttempt === undefined) delete envelope.deliveryAttempt; // as the emulator sends it
  return JSON.stringify(envelope);
}

/** POSTs a push; signed as the push subscription's unless `authorization` says otherwise (null: no header). */
async function push(body: string, options: { path?: string; authorization?: string | null } = {}): Promise<Response> {
  const authorization = options.authorization === undefined ? `Bearer ${await ctx.pushIdentity.token()}` : options.authorization;
  const headers: Record<string, string> = { 'Content-Type': 'application/json', ...(authorization !== null && { Authorization: authorization }) };
  return fetch(new URL(options.path ?? '/', ctx.consumerUrl), { method: 'POST', headers, body });
}

/** An envelope carrying `data` (any JSON) as its message. */
function envelopeWith(data: unknown): string {
  return JSON.stringify(pushEnvelope({ data: JSON.stringify(data), attributes: {}, messageId: 'forged-1', publishTime: '2026-01-05T08:00:01.000Z', orderingKey: 'x' }, 's', 1));
}

/** Nothing happened for the event: not counted, no audit entry, no dispatch call. */
async function expectUntouched(eventId: string, orderId: number): Promise<void> {
  expect(await deliveriesOf(ctx.db, [eventId])).toEqual(new Map());
  expect(await orderAudit(ctx.db, orderId)).toEqual([]);
  expect(dispatchCalls(ctx.dispatch, orderId)).toEqual([]);
}

describe('order-events does what the monolith\'s order signal did', () => {
  it('writes the same audit entry and makes the same dispatch call as an order placed through the monolith', async () => {
    const [alicesSite] = await ctx.db<{ id: number; postcode: string }[]>`
      select s.id, s.postcode from sites_site s join auth_user u on u.id = s.customer_id where u.username = 'alice' order by s.id limit 1`;
    const response = await fetch(`${ctx.world.monolith.url}/api/orders/`, {
      method: 'POST',
      headers: { Authorization: `Token ${ALICE_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ site: alicesSite!.id, product: 'adblue', quantity: '12.5', window_start: '2026-03-02T09:30:00.125+01:00', window_end: '2026-03-02T18:00:00Z' }),
    });
    expect(response.status).toBe(201);
    const monolithOrder = (await response.json()) as { id: number };

    // The same order as the orders function will store it: the monolith's own row, copied.
    const [row] = await ctx.db<{ customer_id: number; site_id: number; product: string; quantity: string; window_start: string; window_end: string }[]>`
      select customer_id, site_id, product, quantity, window_start, window_end from orders_order where id = ${monolithOrder.id}`;
    const event = await placeOrder(ctx.db, { id: row!.site_id, customer_id: row!.customer_id, postcode: alicesSite!.postcode }, row!);
    expect((await push(await envelopeFor(ctx.db, event.event_id))).status).toBe(204);

    const theirs = await orderAudit(ctx.db, monolithOrder.id);
    const ours = await orderAudit(ctx.db, event.order_id);
    expect(theirs.map((r) => r.action)).toEqual(['order.created']);
    expect(ours).toEqual(theirs.map((r) => ({ ...r, object_id: String(event.order_id) })));

    const [theirCall] = dispatchCalls(ctx.dispatch, monolithOrder.id);
    const [ourCall] = dispatchCalls(ctx.dispatch, event.order_id);
    expect(theirCall!.body).toEqual({
      order_id: monolithOrder.id,
      site_id: alicesSite!.id,
      postcode: alicesSite!.postcode,
      product: 'adblue',
      quantity: '12.50',
      // isoformat() in the monolith's TIME_ZONE ('+00:00' in UTC, '+10:30' in Adelaide's March).
      window_start: pythonLocalIsoformat('2026-03-02T08:30:00.125Z'),
      window_end: pythonLocalIsoformat('2026-03-02T18:00:00Z'),
    });
    expect(ourCall!.body).toEqual({ ...(theirCall!.body as object), order_id: event.order_id });
    expect(ourCall!.idempotencyKey).toBe(`order-${event.order_id}-created`);
  });

  it('applies a delivery once however often it comes, even twice at the same time', async () => {
    ctx.dispatch.latencyMs = 300; // within DISPATCH_TIMEOUT (0.5 s), long enough to overlap
    const event = await placeOrder(ctx.db, sites[0]!);
    const body = await envelopeFor(ctx.db, event.event_id);
    const together = await Promise.all([push(body), push(body)]);
    // The second finds the first calling the partner and asks to be redelivered.
    expect(together.map((r) => r.status).sort()).toEqual([204, 409]);
    expect((await push(body)).status).toBe(204);
    expect((await orderAudit(ctx.db, event.order_id)).map((r) => r.action)).toEqual(['order.created']);
    expect(dispatchCalls(ctx.dispatch, event.order_id)).toHaveLength(1);
  });

  it('answers 503 when the partner times out on every try, and dispatches on a later delivery', async () => {
    ctx.dispatch.latencyMs = 900; // DISPATCH_TIMEOUT is 0.5 s here
    const event = await placeOrder(ctx.db, sites[1]!);
    const body = await envelopeFor(ctx.db, event.event_id);
    expect((await push(body)).status).toBe(503);
    const [failed] = await ctx.db`select last_error, applied_at from canopy.event_effects where event_id = ${event.event_id} and effect = 'dispatch'`;
    expect(failed).toEqual({ last_error: 'timeout', applied_at: null }); // str(DispatchError) for requests' Timeout
    // The partner still received both tries (it answers too late), with the order's key.
    await waitFor('the two timed-out calls to reach the partner', () => dispatchCalls(ctx.dispatch, event.order_id).length === 2);
    ctx.dispatch.latencyMs = 20;
    expect((await push(body)).status).toBe(204);
    expect(dispatchCalls(ctx.dispatch, event.order_id)).toHaveLength(3);
    expect((await orderAudit(ctx.db, event.order_id)).map((r) => r.action)).toEqual(['order.created']);
    const [effect] = await ctx.db`select attempts, applied_at is not null as applied from canopy.event_effects where event_id = ${event.event_id} and effect = 'dispatch'`;
    expect(effect).toEqual({ attempts: 2, applied: true });
  });

  it('gives up on the last delivery the dead-letter policy allows: order.dispatch_failed, once', async () => {
    ctx.dispatch.status = 503;
    const event = await placeOrder(ctx.db, sites[2]!);
    for (const attempt of [3, 4]) expect((await push(await envelopeFor(ctx.db, event.event_id, attempt))).status).toBe(503);
    expect((await orderAudit(ctx.db, event.order_id)).map((r) => r.action)).toEqual(['order.created']);
    for (const attempt of [5, 5]) expect((await push(await envelopeFor(ctx.db, event.event_id, attempt))).status).toBe(503);
    const audit = await orderAudit(ctx.db, event.order_id);
    expect(audit.map((r) => [r.action, r.data])).toEqual([
      ['order.created', { product: 'diesel', quantity: '1250.50', site_id: sites[2]!.id }],
      ['order.dispatch_failed', { error: 'HTTP 503' }],
    ]);
    expect(audit[1]).toMatchObject({ actor_id: sites[2]!.customer_id, object_type: 'order', object_id: String(event.order_id) });
  });

  it('counts deliveries itself where the envelope has no deliveryAttempt (the emulator)', async () => {
    ctx.dispatch.status = 503;
    const event = await placeOrder(ctx.db, sites[3]!);
    const body = await envelopeFor(ctx.db, event.event_id);
    for (let i = 0; i < 4; i++) expect((await push(body)).status).toBe(503);
    expect((await orderAudit(ctx.db, event.order_id)).map((r) => r.action)).toEqual(['order.created']);
    expect((await push(body)).status).toBe(503);
    expect((await orderAudit(ctx.db, event.order_id)).map((r) => r.action)).toEqual(['order.created', 'order.dispatch_failed']);
  });

  it('acknowledges an order the partner refuses, audited as the monolith does, without retrying', async () => {
    ctx.dispatch.status = 400;
    const event = await placeOrder(ctx.db, sites[4]!);
    expect((await push(await envelopeFor(ctx.db, event.event_id, 1))).status).toBe(204);
    expect((await orderAudit(ctx.db, event.order_id)).map((r) => [r.action, r.data.error])).toEqual([
      ['order.created', undefined],
      ['order.dispatch_failed', 'HTTP 400'],
    ]);
  });
});

describe('order-events refuses what is not an order event', () => {
  it('answers 400 to a malformed push (poison: dead-lettered, kept for a replay) and writes nothing', async () => {
    const before = await ctx.db`select (select count(*) from canopy.event_deliveries) as deliveries, (select count(*) from audit_auditentry) as audit`;
    const notAnEvent = (data: unknown) => JSON.stringify({ message: { data: Buffer.from(JSON.stringify(data)).toString('base64'), messageId: '1' }, subscription: 's' });
    for (const body of [
      'not json',
      '{}',
      JSON.stringify({ message: { data: '%%%', messageId: '1' }, subscription: 's' }),
      notAnEvent({ event_type: 'order.created' }),
      notAnEvent({ hello: 'world' }),
    ]) {
      const response = await push(body);
      expect(response.status, body).toBe(400);
    }
    const after = await ctx.db`select (select count(*) from canopy.event_deliveries) as deliveries, (select count(*) from audit_auditentry) as audit`;
    expect(after).toEqual(before);
  });

  it('answers 422 to an event whose order does not exist, with no effect', async () => {
    const event = await placeOrder(ctx.db, sites[5]!);
    await ctx.db`delete from orders_order where id = ${event.order_id}`;
    expect((await push(await envelopeFor(ctx.db, event.event_id, 1))).status).toBe(422);
    expect(await orderAudit(ctx.db, event.order_id)).toEqual([]);
    expect(dispatchCalls(ctx.dispatch, event.order_id)).toEqual([]);
  });

  it('serves POST / only', async () => {
    expect((await fetch(ctx.consumerUrl)).status).toBe(405);
    expect((await push('{}', { path: '/other' })).status).toBe(404);
  });
});

describe('order-events applies only pushes signed for its push subscription', () => {
  // The claims of a good push token, as Google writes them.
  let google: Record<string, unknown>;
  beforeAll(() => {
    google = { iss: 'https://accounts.google.com', aud: ctx.pushIdentity.claims.audience, email: ctx.pushIdentity.claims.serviceAccount, email_verified: true, sub: '1' };
  });

  it('refuses a push with no token, or one that is not a signed JWT, and applies nothing', async () => {
    const event = await placeOrder(ctx.db, sites[6 % sites.length]!);
    const body = await envelopeFor(ctx.db, event.event_id, 1);
    const valid = await ctx.pushIdentity.token();
    const [header, claims] = valid.split('.');
    for (const authorization of [
      null,
      '',
      `Basic ${Buffer.from('a:b').toString('base64')}`,
      'Bearer not-a-jwt',
      // What Cloud Run passes on when it checked the token itself: the signature cut off.
      `Bearer ${header}.${claims}.SIGNATURE_REMOVED_BY_GOOGLE`,
      `Bearer ${new UnsecuredJWT(google).setExpirationTime('1h').encode()}`,
    ]) {
      const response = await push(body, { authorization });
      expect(response.status, String(authorization)).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
    }
    await expectUntouched(event.event_id, event.order_id);
    // The same push, signed, is applied.
    expect((await push(body, { authorization: `Bearer ${valid}` })).status).toBe(204);
    expect((await orderAudit(ctx.db, event.order_id)).map((r) => r.action)).toEqual(['order.created']);
  });

  it('refuses a token signed by another key, for another audience or issuer, expired (401), or naming another or unverified account (403)', async () => {
    const event = await placeOrder(ctx.db, sites[7 % sites.length]!);
    const body = await envelopeFor(ctx.db, event.event_id, 1);
    // Another key under the trusted key's id: the signature does not verify.
    const { privateKey: stranger } = await generateKeyPair('RS256');
    const forged = await new SignJWT(google).setProtectedHeader({ alg: 'RS256', kid: ctx.pushIdentity.signingKey.kid }).setIssuedAt().setExpirationTime('1h').sign(stranger);
    const now = Math.floor(Date.now() / 1000);
    const cases: Array<[string, string, number]> = [
      ['another key', forged, 401],
      ['another audience', await ctx.pushIdentity.tokenWith({ ...google, aud: 'canopy-orders' }), 401],
      ['another issuer', await ctx.pushIdentity.tokenWith({ ...google, iss: 'https://evil.example' }), 401],
      ['expired an hour ago', await ctx.pushIdentity.tokenWith(google, now - 3600), 401],
      ['another service account', await ctx.pushIdentity.tokenWith({ ...google, email: 'someone@canopy-local.iam.gserviceaccount.com' }), 403],
      ['an unverified email', await ctx.pushIdentity.tokenWith({ ...google, email_verified: false }), 403],
    ];
    for (const [what, token, status] of cases) expect((await push(body, { authorization: `Bearer ${token}` })).status, what).toBe(status);
    await expectUntouched(event.event_id, event.order_id);
    // Google's other spelling of its issuer is accepted.
    expect((await push(body, { authorization: `Bearer ${await ctx.pushIdentity.tokenWith({ ...google, iss: 'accounts.google.com' })}` })).status).toBe(204);
  });
});

describe('order-events takes what to apply from the outbox, never from the message', () => {
  it('a signed push naming an event that is not in the outbox writes nothing, dispatches nothing, and is refused (422) until dead-lettered', async () => {
    const site = sites[8 % sites.length]!;
    const real = await placeOrder(ctx.db, site);
    // A message about a real order with a fresh event id: nothing the orders function recorded.
    const [row] = await ctx.db<{ id: number; customer_id: number; site_id: number; product: string; quantity: string; window_start: string; window_end: string }[]>`
      select id, customer_id, site_id, product, quantity, window_start, window_end from orders_order where id = ${real.order_id}`;
    const forged = orderCreatedEvent(row!, { postcode: 'EV1 L00' });
    const response = await push(envelopeWith(forged));
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({ outcome: 'unknown-event' });
    await expectUntouched(forged.event_id, forged.order_id);
    expect(await ctx.db`select 1 from canopy.event_effects where event_id = ${forged.event_id}`).toEqual([]);
  });

  it('a message whose body disagrees with its outbox row: the audit entry and the dispatch call use the row', async () => {
    const [mine, other] = [sites[9 % sites.length]!, sites.find((s) => s.customer_id !== sites[9 % sites.length]!.customer_id)!];
    const event = await placeOrder(ctx.db, mine);
    const victim = await placeOrder(ctx.db, other);
    // The real event id, every other field rewritten to point at another customer's order and site.
    const tampered = { ...event, order_id: victim.order_id, customer_id: other.customer_id, site_id: other.id, postcode: 'EV1 L00', product: 'petrol', quantity: '99999.00' };
    expect((await push(envelopeWith(tampered))).status).toBe(204);

    expect((await orderAudit(ctx.db, event.order_id)).map((r) => [r.action, r.actor_id, r.data])).toEqual([
      ['order.created', mine.customer_id, { product: 'diesel', quantity: '1250.50', site_id: mine.id }],
    ]);
    expect(dispatchCalls(ctx.dispatch, event.order_id).map((c) => c.body)).toEqual([
      { order_id: event.order_id, site_id: mine.id, postcode: mine.postcode, product: 'diesel', quantity: '1250.50', window_start: event.window_start, window_end: event.window_end },
    ]);
    await expectUntouched(victim.event_id, victim.order_id);
  });
});

describe('the order-events bundle', () => {
  const dir = join(DIST, 'order-events');

  it('is small and leaves out the Pub/Sub client (the relay publishes, the consumer only answers pushes); jose is bundled in', () => {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['@google-cloud/functions-framework', '@google-cloud/secret-manager']);
    expect(readFileSync(join(dir, 'index.js')).length).toBeLessThan(150 * 1024);
  });

  /** Starts the bundle with `env` beside the basics; returns how it failed (null if it started). */
  async function startFailure(env: Record<string, string>): Promise<{ code: number; stderr: string } | null> {
    return promisify(execFile)(process.execPath, ['main.js'], {
      cwd: dir,
      timeout: 10_000,
      env: { PATH: process.env.PATH!, FUNCTION_TARGET: 'order-events', DATABASE_URL: ctx.world.databaseUrl, SECRET_KEY: 'x', PORT: String(await freePort()), ...env },
    }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
  }

  it('refuses to start without DISPATCH_URL, in one line that says what to do', async () => {
    const failure = await startFailure({});
    expect(failure?.code).toBe(1);
    expect(failure?.stderr.trim()).toBe(
      "canopy: DISPATCH_URL: DISPATCH_URL is missing or not an http(s) URL: set the dispatch partner's base URL, e.g. http://127.0.0.1:9100 (the monolith's setting of that name)",
    );
  });

  it('refuses to start without the push identity to check tokens against, or with a key set not on https, in one line', async () => {
    const push = { DISPATCH_URL: 'http://127.0.0.1:9', PUSH_AUDIENCE: 'canopy-order-events', PUSH_SERVICE_ACCOUNT: 'canopy-pubsub-push@p.iam.gserviceaccount.com' };
    const { PUSH_AUDIENCE: _, ...noAudience } = push;
    const lines = await Promise.all(
      [noAudience, { ...push, PUSH_SERVICE_ACCOUNT: '' }, { ...push, PUSH_JWKS_URL: 'http://keys.example/certs' }].map(async (env) => (await startFailure(env))?.stderr.trim()),
    );
    expect(lines).toEqual([
      "canopy: PUSH_AUDIENCE: PUSH_AUDIENCE is not set: set the push subscription's OIDC audience (canopy-<function>, as infra sets it)",
      "canopy: PUSH_SERVICE_ACCOUNT: PUSH_SERVICE_ACCOUNT is missing or not an email: set the push subscription's service account, e.g. canopy-pubsub-push@<project>.iam.gserviceaccount.com",
      "canopy: PUSH_JWKS_URL: PUSH_JWKS_URL must be https (http only on this machine, for the local stack's test keys)",
    ]);
  });
});
