/**
 * Retention (relay/retention.ts) on a real PostgreSQL: expired rows of every
 * pruned table go, while writers keep inserting and updating rows through the
 * functions' own statements (login throttle, Idempotency-Key claims, event
 * deliveries and effects, order status events). Nothing live is lost, nothing expired is left, and
 * rows that still prevent a duplicate stay whatever their age.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyOnce, countDelivery, leaseEffect, settleEffect } from '../../functions/order-events/effects.ts';
import { claimKey, storeAnswer } from '../../functions/orders/idempotency.ts';
import { loadRelayConfig } from '../../relay/config.ts';
import { pruneExpired } from '../../relay/retention.ts';
import { startRelay } from '../../relay/start.ts';
import { reserveLoginAttempt, type LoginThrottle } from '../../shared/auth/throttle.ts';
import { recordOrderStatus } from '../../shared/events/order-status.ts';
import { parseDatabaseUrl } from '../../shared/database-url.ts';
import { connect, type Sql } from '../../shared/db.ts';
import { startLocalPushIdentity } from '../../tools/pubsub/push-identity.ts';
import { createDatabase, withDatabase } from '../../tools/stack/postgres.ts';
import { waitFor } from './support.ts';

let databaseUrl: string;
let db: Sql;

beforeAll(async () => {
  const dbname = `canopy_retention_${randomBytes(4).toString('hex')}`;
  await createDatabase(inject('pgAdminUrl'), dbname, parseDatabaseUrl(inject('pgTemplateUrl')).database);
  databaseUrl = withDatabase(inject('pgAdminUrl'), dbname);
  db = connect({ url: databaseUrl, poolSize: 8, connectTimeoutSeconds: 5, statementTimeoutMs: 30_000 });
});
afterAll(() => db?.end({ timeout: 1 }));

const EXPIRED = 1200;
const LIVE = 200;
// Writers' operations per kind while the prune runs.
const WRITES = 150;
// Far above what the writers send: every attempt is counted, none refused.
const LIMITS: LoginThrottle = {
  accountAddress: { failures: 1_000_000, windowSeconds: 900 },
  account: { failures: 1_000_000, windowSeconds: 900 },
  address: { failures: 1_000_000, windowSeconds: 900 },
};

const ids = (n: number): string[] => Array.from({ length: n }, () => randomUUID());
const fingerprint = (key: string) => `fp-${key}`;

/** Rows old and live, each at an age either side of its table's retention. */
async function seed() {
  for (const [age, n, tag] of [['15 days', EXPIRED, 'old'], ['13 days', LIVE, 'live']] as const) {
    await db`
      insert into canopy.parity_results (route_id, recorded_at, method, agreed, monolith_status, monolith_ms, request)
      select ${tag}, now() - ${age}::interval, 'GET', true, 200, 1, '{}' from generate_series(1, ${n})`;
    await db`
      insert into canopy.route_observations (route_id, backend, status, latency_ms, observed_at)
      select ${tag}, 'function', 200, 1, now() - ${age}::interval from generate_series(1, ${n})`;
  }
  // Order status events a week old and a day younger: orders ORDER_OLD and ORDER_LIVE.
  for (const [age, n, order] of [['8 days', EXPIRED, ORDER_OLD], ['6 days', LIVE, ORDER_LIVE]] as const) {
    await db`
      insert into canopy.order_events (order_id, event, status, created_at)
      select ${order}, 'paid', 'confirmed', now() - ${age}::interval from generate_series(1, ${n})`;
  }
  // Login counts made by the throttle itself, then aged.
  const users = { old: ids(EXPIRED / 3), live: ids(LIVE / 2) };
  for (const user of users.old) await reserveLoginAttempt(db, LIMITS, user, user);
  await db`update canopy.login_failures set window_start = now() - '25 hours'::interval`;
  for (const user of users.live) await reserveLoginAttempt(db, LIMITS, user, user);
  await db`update canopy.login_failures set window_start = now() - '23 hours'::interval where window_start > now() - interval '1 hour'`;
  const keys = { old: ids(EXPIRED), live: ids(LIVE) };
  for (const [list, age] of [[keys.old, '49 hours'], [keys.live, '47 hours']] as const) {
    await db`
      insert into canopy.idempotency_keys (user_id, key, fingerprint, status, body, created_at)
      select 1, k, 'fp-' || k, 201, '\\x7b7d', now() - ${age}::interval from unnest(${list}::text[]) k`;
  }
  // Events: expired (delivered 16 days ago, published), kept because their outbox row was dead-lettered
  // (a local redrive can deliver them again any day), and live (first delivered a month ago, last 14 days ago).
  const events = { old: ids(EXPIRED), deadLettered: ids(LIVE), live: ids(LIVE), undelivered: ids(EXPIRED), recentOutbox: ids(LIVE) };
  const event = (list: string[], first: string, last: string) => db`
    with d as (
      insert into canopy.event_deliveries (event_id, deliveries, first_at, last_at)
      select e, 2, now() - ${first}::interval, now() - ${last}::interval from unnest(${list}::uuid[]) e returning event_id)
    insert into canopy.event_effects (event_id, effect, applied_at, attempts)
    select event_id, effect, now() - ${last}::interval, 1 from d, unnest(array['audit', 'dispatch']) effect`;
  await event(events.old, '16 days', '16 days');
  await event(events.deadLettered, '40 days', '16 days');
  await event(events.live, '30 days', '14 days');
  const outbox = (list: string[], published: string | null, deadLettered: string | null) => db`
    insert into canopy.outbox (event_id, topic, ordering_key, payload, published_at, dead_lettered_at)
    select e, 'order-events', 'order-' || e, '{}', now() - ${published}::interval, now() - ${deadLettered}::interval
    from unnest(${list}::uuid[]) e`;
  await outbox(events.old, '16 days', null);
  await outbox(events.deadLettered, null, '16 days');
  // Published a month ago, but the consumer still keeps records of it.
  await outbox(events.live, '30 days', null);
  await outbox(events.undelivered, '16 days', null);
  await outbox(events.recentOutbox, '14 days', null);
  return { users, keys, events };
}

/** What the writers did while the prune ran: every row they made or touched must survive. */
interface Written {
  users: string[];
  keys: string[];
  events: string[];
  parityRoute: string;
}

/** The functions' own writes, concurrently: new rows, and updates to live and to expired ones. */
async function write(seeded: Awaited<ReturnType<typeof seed>>): Promise<Written> {
  const written: Written = { users: [], keys: [], events: [], parityRoute: `during-${randomUUID()}` };
  const throttle = async () => {
    for (let i = 0; i < WRITES; i++) {
      // A new account, and an expired count started afresh by a new failure (its window passed).
      const user = i % 2 ? randomUUID() : seeded.users.old[i]!;
      await reserveLoginAttempt(db, LIMITS, user, user);
      written.users.push(user);
    }
  };
  const idempotency = async () => {
    for (let i = 0; i < WRITES; i++) {
      // A new key, and an expired one claimed afresh (the function treats it as never used).
      const key = i % 2 ? randomUUID() : seeded.keys.old[i]!;
      const request = { userId: 1, key, fingerprint: fingerprint(key) };
      await db.begin(async (tx) => {
        const replay = await claimKey(tx as unknown as Sql, request);
        if (!replay) await storeAnswer(tx as unknown as Sql, request, { status: 201, headers: [], body: Buffer.from('{}') });
      });
      written.keys.push(key);
    }
  };
  const deliveries = async () => {
    for (let i = 0; i < WRITES; i++) {
      // A new event delivered and applied, and a live event delivered again.
      const eventId = randomUUID();
      await countDelivery(db, eventId);
      await applyOnce(db, eventId, 'audit', async () => {});
      if ((await leaseEffect(db, eventId, 'dispatch', 30)) === 'leased') await settleEffect(db, eventId, 'dispatch', null);
      await countDelivery(db, seeded.events.live[i % seeded.events.live.length]!);
      written.events.push(eventId);
    }
  };
  const records = async () => {
    for (let i = 0; i < WRITES; i++) {
      await db`
        insert into canopy.parity_results (route_id, method, agreed, monolith_status, monolith_ms, request)
        values (${written.parityRoute}, 'GET', true, 200, 1, '{}')`;
      await db`insert into canopy.route_observations (route_id, backend, status, latency_ms) values (${written.parityRoute}, 'function', 200, 1)`;
      await db.begin((tx) => recordOrderStatus(tx as unknown as Sql, { orderId: ORDER_WRITTEN, event: 'paid', status: 'confirmed' }));
    }
  };
  await Promise.all([throttle(), idempotency(), deliveries(), records()]);
  return written;
}

// Order ids of the seeded status events (canopy.order_events has no foreign key: an order may be gone).
const ORDER_OLD = 900_001;
const ORDER_LIVE = 900_002;
const ORDER_WRITTEN = 900_003;

const countOf = async (rows: Promise<{ n: number }[]>) => (await rows)[0]!.n;

describe('retention', () => {
  it('prunes expired rows in batches while writers insert and update, losing nothing live', async () => {
    const seeded = await seed();
    const before = await countOf(db`select count(*)::int as n from canopy.login_failures`);

    // Small batches, so the prune runs as many short statements interleaved with the writers.
    let writing = true;
    let passes = 0;
    const pruned: Record<string, number> = {};
    const pruning = (async () => {
      while (writing || passes === 0) {
        for (const [table, n] of Object.entries(await pruneExpired(db, 40))) pruned[table] = (pruned[table] ?? 0) + n;
        passes++;
      }
    })();
    const written = await write(seeded).finally(() => (writing = false));
    await pruning;
    console.log(`retention: ${passes} prune passes beside ${4 * WRITES} writer operations; deleted ${JSON.stringify(pruned)}`);

    // Nothing expired is left (the writers renewed some expired counts and keys: those are live now).
    const renewedUsers = written.users.filter((u) => seeded.users.old.includes(u));
    const renewedKeys = written.keys.filter((k) => seeded.keys.old.includes(k));
    expect(await countOf(db`select count(*)::int as n from canopy.parity_results where route_id = 'old'`)).toBe(0);
    expect(await countOf(db`select count(*)::int as n from canopy.route_observations where route_id = 'old'`)).toBe(0);
    expect(await countOf(db`select count(*)::int as n from canopy.login_failures where window_start < now() - interval '24 hours'`)).toBe(0);
    expect(await countOf(db`select count(*)::int as n from canopy.idempotency_keys where created_at < now() - interval '48 hours'`)).toBe(0);
    expect(await countOf(db`select count(*)::int as n from canopy.event_deliveries where event_id = any(${seeded.events.old}::uuid[])`)).toBe(0);
    expect(await countOf(db`select count(*)::int as n from canopy.event_effects where event_id = any(${seeded.events.old}::uuid[])`)).toBe(0);
    expect(await countOf(db`select count(*)::int as n from canopy.outbox where event_id = any(${[...seeded.events.old, ...seeded.events.undelivered]}::uuid[])`)).toBe(0);
    expect(await countOf(db`select count(*)::int as n from canopy.order_events where order_id = ${ORDER_OLD}`)).toBe(0);

    // Nothing live is lost: the seeded live rows, and everything the writers made or renewed.
    expect(await countOf(db`select count(*)::int as n from canopy.parity_results where route_id = 'live'`)).toBe(LIVE);
    expect(await countOf(db`select count(*)::int as n from canopy.route_observations where route_id = 'live'`)).toBe(LIVE);
    expect(await countOf(db`select count(*)::int as n from canopy.parity_results where route_id = ${written.parityRoute}`)).toBe(WRITES);
    expect(await countOf(db`select count(*)::int as n from canopy.route_observations where route_id = ${written.parityRoute}`)).toBe(WRITES);
    expect(await countOf(db`select count(*)::int as n from canopy.order_events where order_id = ${ORDER_LIVE}`)).toBe(LIVE);
    expect(await countOf(db`select count(*)::int as n from canopy.order_events where order_id = ${ORDER_WRITTEN}`)).toBe(WRITES);
    // Each account the writers failed for has its three counts in a current window.
    expect(
      await countOf(db`select count(*)::int as n from canopy.login_failures where window_start > now() - interval '1 hour' and failures >= 1`),
    ).toBe(3 * written.users.length);
    expect(await countOf(db`select count(*)::int as n from canopy.login_failures where window_start between now() - interval '24 hours' and now() - interval '1 hour'`)).toBe(
      3 * seeded.users.live.length,
    );
    expect(before).toBe(3 * (seeded.users.old.length + seeded.users.live.length));
    expect(renewedUsers.length).toBeGreaterThan(0);
    const keys = await db<{ key: string; status: number }[]>`select key, status from canopy.idempotency_keys where key = any(${[...written.keys, ...seeded.keys.live]})`;
    expect(keys.length).toBe(written.keys.length + seeded.keys.live.length);
    expect(keys.every((k) => k.status === 201)).toBe(true);
    expect(renewedKeys.length).toBeGreaterThan(0);
    // Event records that still dedupe: new ones, live ones (by their last delivery), and old ones whose outbox row is dead-lettered.
    const kept = [...written.events, ...seeded.events.live, ...seeded.events.deadLettered];
    expect(await countOf(db`select count(*)::int as n from canopy.event_deliveries where event_id = any(${kept}::uuid[])`)).toBe(kept.length);
    expect(await countOf(db`select count(*)::int as n from canopy.event_effects where event_id = any(${kept}::uuid[])`)).toBe(2 * kept.length);
    const keptOutbox = [...seeded.events.live, ...seeded.events.deadLettered, ...seeded.events.recentOutbox];
    expect(await countOf(db`select count(*)::int as n from canopy.outbox where event_id = any(${keptOutbox}::uuid[])`)).toBe(keptOutbox.length);
  });

  it('runs in the relay: its service prunes on start and on its interval', async () => {
    const eventId = randomUUID();
    await db`
      insert into canopy.outbox (event_id, topic, ordering_key, payload, published_at)
      values (${eventId}, 'order-events', 'order-x', '{}', now() - interval '16 days')`;
    // Nothing is pending, so the push target is never called (the relay still needs its signing settings to start).
    const push = await startLocalPushIdentity();
    const relay = await startRelay(loadRelayConfig({ DATABASE_URL: databaseUrl, RELAY_PUSH_URL: 'http://127.0.0.1:9/', RELAY_PRUNE_EVERY_MS: '200', ...push.relayEnv }));
    try {
      await waitFor('the relay to prune the expired outbox row', async () => (await countOf(db`select count(*)::int as n from canopy.outbox where event_id = ${eventId}`)) === 0);
      await db`insert into canopy.parity_results (route_id, recorded_at, method, agreed, monolith_status, monolith_ms, request)
        values ('later', now() - interval '30 days', 'GET', true, 200, 1, '{}')`;
      await waitFor('the next prune', async () => (await countOf(db`select count(*)::int as n from canopy.parity_results where route_id = 'later'`)) === 0);
    } finally {
      await relay.stop();
      await push.close();
    }
  });
});
