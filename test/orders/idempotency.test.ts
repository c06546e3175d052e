/**
 * Idempotency-Key on POST /api/orders/ (beyond Django, so not in parity): a
 * retry with the same key and body replays the first answer and creates
 * nothing; the same key with another body is a 409; concurrent duplicates
 * create one order; keys are per user; a refused request leaves its key free.
 */
import { randomUUID } from 'node:crypto';
import { openSql } from '../../shared/db.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send, type RawResponse } from '../support/http.ts';
import { startWorld, type World } from '../support/world.ts';
import { SEED_TOKENS } from '../../tools/seed-credentials.ts';

const ALICE = SEED_TOKENS.alice;
const BOB = SEED_TOKENS.bob;
let world: World;
let url: string;

beforeAll(async () => {
  // A pool larger than the bursts below, so duplicates really meet in the database.
  world = await startWorld(['orders'], { orders: { DB_POOL_MAX: '12' } });
  url = world.functions.orders!.url;
});

afterAll(() => world?.stop());

const order = (site: number, quantity = '10.00') =>
  JSON.stringify({ site, product: 'diesel', quantity, window_start: '2026-12-01T08:00:00Z', window_end: '2026-12-01T12:00:00Z' });

function post(body: string, key: string | null, token: string = ALICE): Promise<RawResponse> {
  return send(url, {
    method: 'POST',
    path: '/api/orders/',
    headers: { 'Content-Type': 'application/json', Authorization: `Token ${token}`, ...(key === null ? {} : { 'Idempotency-Key': key }) },
    body,
  });
}

async function orderCount(): Promise<number> {
  const [row] = await world.sql`select count(*)::int as n from orders_order`;
  return row!.n as number;
}

const created = (res: RawResponse) => JSON.parse(res.body.toString('utf8')) as { id: number };

describe('Idempotency-Key', () => {
  it('a retry with the same key and body replays the first answer and creates nothing', async () => {
    const key = randomUUID();
    const before = await orderCount();
    const first = await post(order(1), key);
    const retry = await post(order(1), key);
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body.equals(first.body)).toBe(true);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(retry.headers['idempotent-replayed']).toEqual(['true']);
    expect(await orderCount()).toBe(before + 1);
    const events = await world.sql`select 1 from canopy.outbox where payload::jsonb ->> 'order_id' = ${String(created(first).id)}`;
    expect(events).toHaveLength(1);
  });

  it('the same key with another body is refused with 409 and creates nothing', async () => {
    const key = randomUUID();
    expect((await post(order(1), key)).status).toBe(201);
    const before = await orderCount();
    const other = await post(order(1, '11.00'), key);
    expect(other.status).toBe(409);
    expect(JSON.parse(other.body.toString('utf8'))).toEqual({
      detail: 'This Idempotency-Key was already used with a different request; send a new key for a new order.',
    });
    expect(await orderCount()).toBe(before);
  });

  it('keys are per user: the same key from two customers makes two orders', async () => {
    const key = randomUUID();
    const [mine, theirs] = [await post(order(1), key, ALICE), await post(order(3), key, BOB)];
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    expect(created(mine).id).not.toBe(created(theirs).id);
  });

  it('a refused request leaves its key free for the corrected one', async () => {
    const key = randomUUID();
    const refused = await post(order(3), key);
    expect(refused.status).toBe(400);
    const corrected = await post(order(1), key);
    expect(corrected.status).toBe(201);
    expect(corrected.headers['idempotent-replayed']).toBeUndefined();
  });

  it('without a key every request creates an order', async () => {
    const before = await orderCount();
    const answers = [await post(order(1), null), await post(order(1), null)];
    expect(answers.map((a) => a.status)).toEqual([201, 201]);
    expect(await orderCount()).toBe(before + 2);
  });

  it.each(['', 'x'.repeat(256), 'with space', 'caf\u00e9'])('a malformed key (%j) is a 400', async (key) => {
    const before = await orderCount();
    const res = await post(order(1), key);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body.toString('utf8'))).toEqual({ detail: 'Idempotency-Key must be 1 to 255 visible ASCII characters.' });
    expect(await orderCount()).toBe(before);
  });
});

describe('concurrent duplicates', () => {
  /**
   * Holds an exclusive lock on orders_order while `burst` runs, until `waiting`
   * function connections wait on a lock (the first request on the table, the
   * others on its uncommitted key), so the requests truly overlap.
   */
  async function overlapping(burst: () => Promise<RawResponse>[], waiting: number): Promise<RawResponse[]> {
    const locker = openSql(world.databaseUrl, { max: 1 });
    try {
      let answers: Promise<RawResponse[]> | undefined;
      await locker.begin(async (tx) => {
        await tx`lock table orders_order in exclusive mode`;
        answers = Promise.all(burst());
        for (let tries = 0; ; tries++) {
          const [row] = await world.sql`
            select count(*)::int as n from pg_stat_activity where application_name = 'orders' and wait_event_type = 'Lock'`;
          if (row!.n >= waiting) break;
          if (tries > 200) throw new Error(`only ${row!.n} of ${waiting} requests reached the database`);
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
      });
      return await answers!;
    } finally {
      await locker.end({ timeout: 1 });
    }
  }

  it('eight at once with one key and body: one order, eight identical answers', async () => {
    const key = randomUUID();
    const before = await orderCount();
    const answers = await overlapping(() => Array.from({ length: 8 }, () => post(order(2), key)), 8);
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(201));
    expect(new Set(answers.map((a) => a.body.toString('utf8'))).size).toBe(1);
    expect(answers.filter((a) => a.headers['idempotent-replayed'])).toHaveLength(7);
    expect(await orderCount()).toBe(before + 1);
  });

  it('two at once with one key and different bodies: one order, one 409', async () => {
    const key = randomUUID();
    const before = await orderCount();
    const answers = await overlapping(() => [post(order(2, '1.00'), key), post(order(2, '2.00'), key)], 2);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    expect(await orderCount()).toBe(before + 1);
  });
});
