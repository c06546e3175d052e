/**
 * Every pathological shape (test/support/pathological.ts: a whitespace run between two other
 * characters, in every body field and header the functions' parsers strip or read as a number, at
 * the 2.5 MiB body limit or Node's header limit) sent to every function at once, while a second
 * client's requests to that function keep being answered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfCookie } from '../support/django-client.ts';
import { FUNCTION_ENV, FUNCTIONS, pathologicalRequests, sendAll, targets, whileProbing, type Target } from '../support/pathological.ts';
import { startWorld, type World } from '../support/world.ts';

let world: World;
let all: Target[];

beforeAll(async () => {
  world = await startWorld(FUNCTIONS, FUNCTION_ENV);
  all = targets(await csrfCookie(world.monolith.url));
});
afterAll(() => world?.stop());

describe('pathological input at its limit', () => {
  it.each(FUNCTIONS)('%s answers every shape while a second client is served', async (name) => {
    const target = all.find((t) => t.name === name)!;
    const url = world.functions[name]!.url;
    const requests = pathologicalRequests(target);
    const { result, probes } = await whileProbing(url, target, sendAll(url, requests, 4));
    const answers = Object.fromEntries(requests.map((request, i) => [request.shape, result[i]!.status]));
    console.log(name, JSON.stringify(answers), `probes: ${probes.length}`);
    expect(probes.every((status) => status === target.probe.status)).toBe(true);
    // Every shape was answered (a request that times out fails sendAll), and none with the 500 page of an unhandled error.
    expect(Object.values(answers)).not.toContain(500);
  });
});
