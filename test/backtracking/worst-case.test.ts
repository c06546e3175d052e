/**
 * The worst client input found for each function's parsers (test/support/pathological.ts), at its
 * limit, answered while a second client's requests keep being answered. Before pyStrip and pyInt
 * stripped in linear time, a 2.5 MiB login or order body held a function's event loop for hours
 * and a 12 KiB header for about a quarter second (so a few hundred of them for a minute).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfCookie } from '../support/django-client.ts';
import { FUNCTION_ENV, FUNCTIONS, headerShape, jsonBody, sendAll, targets, whileProbing, type Pathological, type Target } from '../support/pathological.ts';
import { startWorld, type World } from '../support/world.ts';

const HEADER_COPIES = 300;
let world: World;
let byName: Record<string, Target>;

beforeAll(async () => {
  world = await startWorld(FUNCTIONS, FUNCTION_ENV);
  byName = Object.fromEntries(targets(await csrfCookie(world.monolith.url)).map((target) => [target.name, target]));
});
afterAll(() => world?.stop());

/** Sends the worst cases to the function while its probe runs; each answer's status, and the probes'. */
async function underAttack(name: string, requests: (target: Target) => Pathological[]) {
  const target = byName[name]!;
  const url = world.functions[name]!.url;
  const { result, probes } = await whileProbing(url, target, sendAll(url, requests(target)));
  expect(probes.every((status) => status === target.probe.status)).toBe(true);
  return result.map((answer) => answer.status);
}

const copies = (request: Pathological) => Array.from({ length: HEADER_COPIES }, () => request);

describe('worst-case input, at its limit, is answered while a second client is served', () => {
  it('identity: a 2.5 MiB username of spaces between two letters', async () => {
    expect(await underAttack('identity', (t) => [jsonBody(t, 'username')])).toEqual([400]);
  });

  it('orders: 2.5 MiB quantity and site values of spaces between two characters', async () => {
    expect(await underAttack('orders', (t) => [jsonBody(t, 'quantity'), jsonBody(t, 'site')])).toEqual([400, 400]);
  });

  it(`users: ${HEADER_COPIES} cookies of 12 KiB of spaces between two letters`, async () => {
    const statuses = await underAttack('users', (t) => copies(headerShape(t, 'Cookie', (text) => `sessionid=${text}`)));
    expect(new Set(statuses)).toEqual(new Set([200]));
  });

  it(`payments-webhook: ${HEADER_COPIES} 12 KiB signature headers, and a signed 2.5 MiB amount`, async () => {
    const statuses = await underAttack('payments-webhook', (t) => [
      jsonBody(t, 'amount'),
      ...copies(headerShape(t, 'Payment-Signature', (text) => `t=1${text},v1=${text}`)),
    ]);
    expect(new Set(statuses)).toEqual(new Set([400]));
  });

  it('order-events: a 2.5 MiB push whose event quantity is spaces between two digits (linear: no backtracking regex reads it)', async () => {
    expect(await underAttack('order-events', (t) => [jsonBody(t, 'quantity')])).toEqual([400]);
  });
});
