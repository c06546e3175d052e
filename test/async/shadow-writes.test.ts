/**
 * Write shadowing: POST /api/orders/ and the payments webhook in shadow mode
 * are answered by the monolith, whose write is the only one applied; the
 * function's own handling runs as a rolled-back dry run before the forward,
 * against the state the monolith then sees, and its answer is compared. State
 * parity: from the function's side no new row, no outbox event and no partner
 * call, while the relay and the order-events consumer run.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadRelayConfig } from '../../relay/config.ts';
import { startRelay, type RunningRelay } from '../../relay/start.ts';
import { setMode } from '../../tools/modes.ts';
import { send, type RawResponse } from '../support/http.ts';
import { delivery, event } from '../payments/delivery.ts';
import { startAsyncWorld, waitFor, type AsyncWorld } from './support.ts';
import { SEED_TOKENS } from '../../tools/seed-credentials.ts';

const BOB = SEED_TOKENS.bob;
let side: AsyncWorld;
let relay: RunningRelay;

beforeAll(async () => {
  side = await startAsyncWorld(['orders', 'payments-webhook']);
  relay = await startRelay(loadRelayConfig({ DATABASE_URL: side.world.databaseUrl, ...side.relayPushEnv, RELAY_POLL_MS: '100' }));
  await setMode(side.world.sql, 'orders-list', 'shadow', 'test: write shadowing');
  await setMode(side.world.sql, 'payments-webhook', 'shadow', 'test: write shadowing');
  await new Promise((r) => setTimeout(r, 2500)); // one refresh of the functions' modes, and a bit
}, 120_000);

afterAll(async () => {
  await relay?.stop();
  await side?.stop();
});

const fromMonolith = (res: RawResponse) => expect(res.headers.server?.[0]).toMatch(/^gunicorn/);

async function counts() {
  const [row] = await side.db<{ orders: number; payments: number; outbox: number; audit: number }[]>`
    select (select count(*) from orders_order)::int as orders, (select count(*) from payments_payment)::int as payments,
           (select count(*) from canopy.outbox)::int as outbox, (select count(*) from audit_auditentry)::int as audit`;
  return { ...row!, dispatches: side.dispatch.calls.length };
}

async function verdicts(routeId: string, since: Date) {
  await waitFor(`the ${routeId} comparison`, async () => (await side.world.sql`select 1 from canopy.parity_results where route_id = ${routeId} and recorded_at >= ${since}`).length > 0);
  return side.world.sql<{ agreed: boolean; differences: unknown[]; function_status: number }[]>`
    select agreed, differences, function_status from canopy.parity_results where route_id = ${routeId} and recorded_at >= ${since}`;
}

it('a shadowed order is the monolith\'s alone: one row, its signal\'s audit entry and partner call, no event from the function', async () => {
  const since = new Date(Date.now() - 1000);
  const [site] = await side.db<{ id: number }[]>`select s.id from sites_site s join auth_user u on u.id = s.customer_id where u.username = 'bob' order by s.id limit 1`;
  const before = await counts();
  const body = JSON.stringify({ site: site!.id, product: 'diesel', quantity: '250.00', window_start: '2026-12-20T08:00:00Z', window_end: '2026-12-20T12:00:00Z' });
  const res = await send(side.world.functions.orders!.url, { method: 'POST', path: '/api/orders/', headers: { Authorization: `Token ${BOB}`, 'Content-Type': 'application/json' }, body });
  fromMonolith(res);
  expect(res.status).toBe(201);
  const [verdict] = await verdicts('orders-list', since);
  expect(verdict, JSON.stringify(verdict)).toMatchObject({ agreed: true, function_status: 201 });
  // Time for a relay poll and a push, had the function's event survived.
  await new Promise((r) => setTimeout(r, 1500));
  expect(await counts()).toEqual({ ...before, orders: before.orders + 1, audit: before.audit + 1, dispatches: before.dispatches + 1 });
  const orderId = (JSON.parse(res.body.toString('utf8')) as { id: number }).id;
  expect(side.dispatch.calls.filter((c) => (c.body as { order_id: number }).order_id === orderId)).toHaveLength(1);
});

it('a shadowed payment is recorded once, by the monolith, and the function judged against the same state agrees', async () => {
  const since = new Date(Date.now() - 1000);
  const [order] = await side.db<{ id: string }[]>`select id::text from orders_order where paid_at is null order by id limit 1`;
  const before = await counts();
  const res = await send(side.world.functions['payments-webhook']!.url, delivery(event(`evt_shadow_${Date.now()}`, { order_id: Number(order!.id), amount: '10.00', currency: 'GBP' })));
  fromMonolith(res);
  expect(JSON.parse(res.body.toString('utf8'))).toEqual({ status: 'processed' });
  const [verdict] = await verdicts('payments-webhook', since);
  expect(verdict, JSON.stringify(verdict)).toMatchObject({ agreed: true, function_status: 200 });
  await new Promise((r) => setTimeout(r, 1500));
  expect(await counts()).toEqual({ ...before, payments: before.payments + 1, audit: before.audit + 1 });
});
