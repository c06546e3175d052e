/**
 * The order-events function on its own: push envelopes POSTed to it directly,
 * as Pub/Sub (or the relay's fallback) posts them, against the real database,
 * the monolith (for what its signal did) and the dispatch stand-in.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Sql } from '../../shared/db.ts';
import { pushEnvelope } from '../../shared/events/push-envelope.ts';
import { DIST } from '../../tools/build.ts';
import { freePort } from '../../tools/stack/ports.ts';
import { dispatchCalls, orderAudit, placeOrder, seededSites, startAsyncWorld, waitFor, type AsyncWorld, type SeededSite } from './support.ts';

const ALICE_TOKEN = '35febdf6ec676c0033fb5af6e4101c8f10c6be72';

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

function push(body: string, path = '/'): Promise<Response> {
  return fetch(new URL(path, ctx.consumerUrl), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
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
      window_start: '2026-03-02T08:30:00.125000+00:00',
      window_end: '2026-03-02T18:00:00+00:00',
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
    expect((await push('{}', '/other')).status).toBe(404);
  });
});

describe('the order-events bundle', () => {
  const dir = join(DIST, 'order-events');

  it('is small and leaves out the Pub/Sub client (the relay publishes, the consumer only answers pushes)', () => {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['@google-cloud/functions-framework', '@google-cloud/secret-manager']);
    expect(readFileSync(join(dir, 'index.js')).length).toBeLessThan(150 * 1024);
  });

  it('refuses to start without DISPATCH_URL, in one line that says what to do', async () => {
    const failure = await promisify(execFile)(process.execPath, ['main.js'], {
      cwd: dir,
      timeout: 10_000,
      env: { PATH: process.env.PATH!, FUNCTION_TARGET: 'order-events', DATABASE_URL: ctx.world.databaseUrl, SECRET_KEY: 'x', PORT: String(await freePort()) },
    }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr.trim()).toBe(
      "canopy: DISPATCH_URL: DISPATCH_URL is missing or not an http(s) URL: set the dispatch partner's base URL, e.g. http://127.0.0.1:9100 (the monolith's setting of that name)",
    );
  });
});
