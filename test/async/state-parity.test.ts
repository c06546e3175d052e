/**
 * State parity: one sequence of writes (orders, payment webhooks) run once
 * through the monolith alone and once through the functions plus the relay and
 * order-events, each on its own database copied from the same seed. The rows
 * of orders, payments and audit entries, and the dispatch calls made, must
 * match (ids and timestamps aside).
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadRelayConfig } from '../../relay/config.ts';
import { startRelay, type RunningRelay } from '../../relay/start.ts';
import { DEV_WEBHOOK_SECRET } from '../../tools/stack/monolith.ts';
import { send } from '../support/http.ts';
import { expectFromFunction } from '../support/parity.ts';
import { startAsyncWorld, waitFor, type AsyncWorld } from './support.ts';
import { SEED_TOKENS } from '../../tools/seed-credentials.ts';

const TOKENS = { alice: SEED_TOKENS.alice, bob: SEED_TOKENS.bob };
let monolithSide: AsyncWorld;
let functionSide: AsyncWorld;
let relay: RunningRelay;

beforeAll(async () => {
  [monolithSide, functionSide] = await Promise.all([startAsyncWorld(), startAsyncWorld(['orders', 'payments-webhook'])]);
  relay = await startRelay(
    loadRelayConfig({ DATABASE_URL: functionSide.world.databaseUrl, ...functionSide.relayPushEnv, RELAY_POLL_MS: '100' }),
  );
});
afterAll(async () => {
  await relay?.stop();
  await Promise.all([monolithSide?.stop(), functionSide?.stop()]);
});

type Step = { kind: 'order'; who: keyof typeof TOKENS; body: Record<string, unknown> } | { kind: 'webhook'; body: Record<string, unknown>; age?: number };

function signed(body: string, ageSeconds = 0): Record<string, string> {
  const t = Math.floor(Date.now() / 1000) - ageSeconds;
  const v1 = createHmac('sha256', DEV_WEBHOOK_SECRET).update(`${t}.${body}`).digest('hex');
  return { 'Content-Type': 'application/json', 'Payment-Signature': `t=${t},v1=${v1}` };
}

/** The sequence, given the seeded site ids of alice and bob. */
function sequence(aliceSite: number, bobSite: number, firstOrderId: number): Step[] {
  const order = (who: keyof typeof TOKENS, site: number, product: string, quantity: string, day: number) => ({
    kind: 'order' as const,
    who,
    body: { site, product, quantity, window_start: `2026-12-${day}T08:00:00Z`, window_end: `2026-12-${day}T12:30:00.25Z` },
  });
  const paid = (id: string, order: number, amount: string) => ({
    kind: 'webhook' as const,
    body: { id, type: 'payment.succeeded', data: { order_id: order, amount, currency: 'GBP' } },
  });
  return [
    order('alice', aliceSite, 'diesel', '100.00', 10),
    order('bob', bobSite, 'adblue', '12.5', 11),
    order('alice', aliceSite, 'ev_charge', '40', 12),
    order('alice', bobSite, 'petrol', '5', 13), // another customer's site: refused, nothing written
    order('bob', bobSite, 'petrol', '0', 14), // below the minimum: refused
    order('bob', bobSite, 'petrol', '999.99', 15),
    paid('evt_state_1', firstOrderId, '120.00'),
    paid('evt_state_2', firstOrderId + 1, '15.00'),
    paid('evt_state_1', firstOrderId, '120.00'), // replayed
    { ...paid('evt_state_3', firstOrderId + 2, '40.00'), age: 3600 }, // stale signature: refused
    { kind: 'webhook', body: { id: 'evt_state_4', type: 'payment.refunded', data: { order_id: firstOrderId, amount: '1.00', currency: 'GBP' } } },
  ];
}

// What differs between two sides by construction: generated ids and timestamps.
const GENERATED = /"(id|created_at|updated_at)":("[^"]*"|\d+)/g;

/** Runs the steps; returns each answer's status and body, generated values masked. */
async function run(orders: string, webhooks: string, steps: Step[], expectAnswerFrom?: 'function'): Promise<Array<[number, string]>> {
  const answers: Array<[number, string]> = [];
  for (const step of steps) {
    const body = JSON.stringify(step.body);
    const res =
      step.kind === 'order'
        ? await send(orders, { method: 'POST', path: '/api/orders/', headers: { Authorization: `Token ${TOKENS[step.who]}`, 'Content-Type': 'application/json' }, body })
        : await send(webhooks, { method: 'POST', path: '/api/webhooks/payments/', headers: signed(body, step.age), body });
    if (expectAnswerFrom === 'function') expectFromFunction(res);
    answers.push([res.status, res.body.toString('utf8').replace(GENERATED, '"$1":"<generated>"')]);
  }
  return answers;
}

async function state(side: AsyncWorld, since: number) {
  const db = side.db;
  return {
    orders: await db`
      select customer_id, site_id, product, quantity::text, window_start::text, window_end::text, status, paid_at is not null as paid
        from orders_order where id >= ${since} order by id`,
    payments: await db`
      select o.id - ${since} as order_position, p.provider_event_id, p.amount::text, p.currency
        from payments_payment p join orders_order o on o.id = p.order_id where o.id >= ${since} order by p.provider_event_id`,
    audit: await db`
      select actor_id, action, object_type, (object_id::bigint - ${since})::int as order_position, data
        from audit_auditentry where object_type = 'order' and object_id::bigint >= ${since}
       order by object_id::bigint, action, data::text`,
    dispatches: side.dispatch.calls
      .map((c) => ({ ...(c.body as Record<string, unknown>), order_id: Number((c.body as { order_id: number }).order_id) - since, key: c.idempotencyKey?.replace(/\d+/, 'N') }))
      .sort((a, b) => a.order_id - b.order_id),
  };
}

it('the same writes leave the same orders, payments, audit entries and dispatch calls on both sides', async () => {
  const sites = async (side: AsyncWorld) =>
    Object.fromEntries(
      (await side.db<{ username: string; id: number }[]>`
        select u.username, min(s.id)::int as id from sites_site s join auth_user u on u.id = s.customer_id
         where u.username in ('alice', 'bob') group by u.username`).map((r) => [r.username, r.id]),
    );
  const next = async (side: AsyncWorld) => (await side.db<{ n: number }[]>`select coalesce(max(id), 0)::int + 1 as n from orders_order`)[0]!.n;
  const [a, b] = [await sites(monolithSide), await sites(functionSide)];
  const [firstA, firstB] = [await next(monolithSide), await next(functionSide)];
  expect([a, firstA]).toEqual([b, firstB]); // the same seed on both sides

  const steps = sequence(a.alice!, a.bob!, firstA);
  const monolithAnswers = await run(monolithSide.world.monolith.url, monolithSide.world.monolith.url, steps);
  const functionAnswers = await run(functionSide.world.functions.orders!.url, functionSide.world.functions['payments-webhook']!.url, steps, 'function');
  expect(functionAnswers).toEqual(monolithAnswers);
  expect(monolithAnswers.map(([status]) => status)).toEqual([201, 201, 201, 400, 400, 201, 200, 200, 200, 400, 200]);

  // The monolith dispatched inside each request; the functions' side does it after, through the outbox.
  await waitFor('every dispatch on the functions\' side', () => functionSide.dispatch.calls.length >= monolithSide.dispatch.calls.length);
  const [theirs, ours] = [await state(monolithSide, firstA), await state(functionSide, firstB)];
  expect(ours.orders).toEqual(theirs.orders);
  expect(ours.payments).toEqual(theirs.payments);
  expect(ours.audit).toEqual(theirs.audit);
  expect(ours.dispatches).toEqual(theirs.dispatches);
  expect(theirs.orders).toHaveLength(4);
  expect(theirs.payments).toHaveLength(2);
  console.log(`state parity: ${theirs.orders.length} orders, ${theirs.payments.length} payments, ${theirs.audit.length} audit entries, ${theirs.dispatches.length} dispatch calls equal on both sides`);
});
