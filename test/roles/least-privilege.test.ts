/**
 * Least privilege at runtime: every function runs from its bundle as its own
 * database role (canopy_<name>, granted by db:migrate exactly the tables its
 * manifest entry lists) with only the secrets the entry lists, as Terraform
 * gives them. Each one serves a database-backed request; a query outside its
 * grants is refused by PostgreSQL itself.
 */
import type postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSql } from '../../shared/db.ts';
import { pushEnvelope } from '../../shared/events/push-envelope.ts';
import { loadManifest } from '../../tools/manifest.ts';
import { startLocalPushIdentity, type LocalPushIdentity } from '../../tools/pubsub/push-identity.ts';
import { startDispatchStub, type DispatchStub } from '../../tools/stack/dispatch-stub.ts';
import { devSecrets, startFunction } from '../../tools/stack/functions.ts';
import { freePort } from '../../tools/stack/ports.ts';
import type { Service } from '../../tools/stack/processes.ts';
import { delivery, event } from '../payments/delivery.ts';
import { csrfCookie } from '../support/django-client.ts';
import { grantRoles, roleLogin, roleUrl as roleUrlOf } from '../support/roles.ts';
import { send } from '../support/http.ts';
import { startWorld, type World } from '../support/world.ts';
import { SEED_PASSWORD, tokenHeader } from '../../tools/seed-credentials.ts';

const manifest = loadManifest();
const names = Object.keys(manifest.functions);
const TOKEN = tokenHeader('alice');
const ORDER = JSON.stringify({ site: 1, product: 'diesel', quantity: '10.00', window_start: '2026-12-01T08:00:00Z', window_end: '2026-12-01T12:00:00Z' });
let world: World;
let dispatch: DispatchStub;
let pushIdentity: LocalPushIdentity;
const fns: Record<string, Service> = {};
const roleSql: Record<string, postgres.Sql> = {};

/** The suite's database as `fn`'s role: what that function's DATABASE_URL secret holds. */
const roleUrl = (fn: string) => roleUrlOf(world.databaseUrl, fn);

beforeAll(async () => {
  world = await startWorld([]);
  dispatch = await startDispatchStub(await freePort(), 5);
  // order-events applies only pushes signed for its subscription: a test key it is told to trust.
  pushIdentity = await startLocalPushIdentity();
  await grantRoles(world.databaseUrl);
  for (const fn of names) {
    const push = fn === 'order-events' ? pushIdentity.consumerEnv : {};
    const extra = { MONOLITH_URL: world.monolith.url, DISPATCH_URL: dispatch.url, ...push, ...devSecrets(manifest.functions[fn]!) };
    fns[fn] = await startFunction(fn, { databaseUrl: roleUrl(fn), extra }, { port: await freePort() });
    roleSql[fn] = openSql(roleUrl(fn), { max: 1 });
  }
});

afterAll(async () => {
  await Promise.all([...Object.values(fns).map((f) => f.stop()), ...Object.values(roleSql).map((s) => s.end({ timeout: 1 }))]);
  await dispatch?.close();
  await pushIdentity?.close();
  await world?.stop();
});

describe('each function under its own role and secrets', () => {
  it('gets only the secrets its manifest entry lists: order-events and payments-webhook start without SECRET_KEY', () => {
    expect(manifest.functions['order-events']!.secrets).toEqual([]);
    expect(manifest.functions['payments-webhook']!.secrets).toEqual(['PAYMENTS_WEBHOOK_SECRET']);
    for (const fn of names) expect(fns[fn]!.child.exitCode).toBeNull();
  });

  it('users: serves the signed-in profile', async () => {
    const res = await send(fns.users!.url, { path: '/api/users/me/', headers: TOKEN });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString()).username).toBe('alice');
  });

  it("sites: serves the signed-in customer's sites, a page and a site", async () => {
    const list = await send(fns.sites!.url, { path: '/api/sites/', headers: TOKEN });
    expect([list.status, JSON.parse(list.body.toString()).count]).toEqual([200, 2]);
    expect((await send(fns.sites!.url, { path: '/api/sites/1/', headers: TOKEN })).status).toBe(200);
  });

  it('identity: logs in (session row, last_login, throttle) and reads the session', async () => {
    const csrf = await csrfCookie(world.monolith.url);
    const login = await send(fns.identity!.url, {
      method: 'POST',
      path: '/api/auth/login/',
      headers: { Cookie: `csrftoken=${csrf}`, 'X-CSRFToken': csrf, 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'alice', password: SEED_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const session = await send(fns.identity!.url, { path: '/api/auth/session/', headers: TOKEN });
    expect(session.status).toBe(200);
  });

  it('orders, payments-webhook and order-events: an order placed, paid, then audited and dispatched', async () => {
    const placed = await send(fns.orders!.url, { method: 'POST', path: '/api/orders/', headers: { ...TOKEN, 'Content-Type': 'application/json' }, body: ORDER });
    expect(placed.status).toBe(201);
    const orderId = JSON.parse(placed.body.toString()).id as number;
    expect((await send(fns.orders!.url, { path: `/api/orders/${orderId}/`, headers: TOKEN })).status).toBe(200);

    const paid = await send(fns['payments-webhook']!.url, delivery(event(`evt-roles-${orderId}`, { order_id: orderId, amount: '42.00', currency: 'GBP' })));
    expect(paid.status).toBe(200);

    const [row] = await world.sql<{ id: number; payload: string; attributes: Record<string, string>; ordering_key: string }[]>`
      select id, payload, attributes, ordering_key from canopy.outbox order by id desc limit 1`;
    const envelope = pushEnvelope(
      { data: row!.payload, attributes: row!.attributes, messageId: `m-${row!.id}`, publishTime: '2026-01-05T08:00:01.000Z', orderingKey: row!.ordering_key },
      'projects/canopy-local/subscriptions/order-events-push',
      1,
    );
    // Signed as the push subscription's; order-events reads what to apply from the outbox row (SELECT on canopy.outbox).
    const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${await pushIdentity.token()}` };
    const pushed = await fetch(fns['order-events']!.url, { method: 'POST', headers, body: JSON.stringify(envelope) });
    expect(pushed.status).toBeLessThan(300);
    const audit = await world.sql`select action from audit_auditentry where object_type = 'order' and object_id = ${String(orderId)} order by id`;
    expect(audit.map((a) => a.action)).toContain('order.created');
  });
});

describe('a query outside a role\'s grants is refused', () => {
  // [function, a statement within its grants, statements outside them]
  const cases: Array<[string, string, string[]]> = [
    ['users', 'select count(*) from auth_user', ['select * from payments_payment', "insert into orders_order (status) values ('pending')", 'select * from canopy.outbox']],
    ['identity', 'select count(*) from canopy.login_failures', ['select * from orders_order', 'delete from auth_user', 'select * from canopy.idempotency_keys']],
    ['payments-webhook', 'select count(*) from payments_payment', ['select * from django_session', 'select * from auth_user', 'delete from payments_payment']],
    ['orders', 'select count(*) from orders_order', ['select * from payments_payment', 'delete from orders_order', 'select * from canopy.outbox']],
    ['sites', 'select count(*) from sites_site', ['select * from orders_order', "update sites_site set name = 'x'", 'select * from canopy.outbox']],
    ['order-events', 'select count(*) from canopy.event_effects', ['select * from auth_user', "update orders_order set status = 'cancelled'", 'select * from canopy.route_modes']],
  ];

  it.each(cases)('%s: its own tables answer, others are permission denied', async (fn, allowed, refused) => {
    expect(await roleSql[fn]!.unsafe(allowed)).toHaveLength(1);
    for (const statement of refused) {
      const error = await roleSql[fn]!.unsafe(statement).then(
        () => null,
        (e: postgres.PostgresError) => e,
      );
      expect({ statement, code: error?.code, message: error?.message }).toMatchObject({ statement, code: '42501', message: expect.stringMatching(/^permission denied for table /) });
    }
  });

  it('a role logs in only with the password from its function\'s DATABASE_URL', async () => {
    const wrong = roleUrl('users').replace(`:${roleLogin('users').password}@`, ':not-its-password@');
    const sql = openSql(wrong, { max: 1 });
    await expect(sql`select 1`).rejects.toThrow(/password authentication failed for user "canopy_users"/);
    await sql.end({ timeout: 1 });
  });
});
