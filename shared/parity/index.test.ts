import { describe, expect, it } from 'vitest';
import { drfAnswer, order, ordersPage } from './fixtures.ts';
import { compareWithMonolith, emptyNoiseModel, maySendTwice, type NoiseModel, type ObservedRequest, type ParityRules } from './index.ts';
import { NOISE_MIN_COMPARED } from './noise.ts';
import { REDACTED } from './redact.ts';

const list: ObservedRequest = {
  method: 'GET',
  path: '/api/orders/',
  rawQuery: 'page=2',
  headers: { authorization: 'Token 35febdf6ec676c0033fb5af6e4101c8f10c6be72', accept: 'application/json' },
  body: Buffer.alloc(0),
};

/** The route's rules as the manifest would give them. */
const rules: ParityRules = { arrays: { 'body.results': { key: 'id' } }, ignore: ['header.content-length'] };

/** Page 2 of the orders list as answered at a moment: `generated_at` is now(), as a report-style field would be. */
const page = (generatedAt: string, results = ordersPage().results) => drfAnswer({ ...ordersPage(results), generated_at: generatedAt });
const at = (micro: number) => `2024-05-01T09:20:11.${String(micro).padStart(6, '0')}Z`;

describe('compareWithMonolith', () => {
  it('agrees when the function answers as the monolith did, even with the page in another order', () => {
    const results = [...ordersPage().results].reverse();
    const verdict = compareWithMonolith({ request: list, monolith: page(at(1)), fn: page(at(1), results), rules, noise: emptyNoiseModel() });
    expect(verdict).toEqual({ agreed: true, real: [], noise: [], learned: [], model: emptyNoiseModel() });
  });

  it('learns a timestamp that differs between two monolith answers as noise, then stops flagging it, while a planted difference stays real', () => {
    let noise: NoiseModel = emptyNoiseModel();
    const changed = ordersPage().results.map((o) => (o.id === 570 ? order(570, { status: 'delivered' }) : o));
    const first = compareWithMonolith({ request: list, monolith: page(at(10)), fn: page(at(11), changed), secondMonolith: page(at(12)), rules, noise });
    expect(first.agreed).toBe(false);
    expect(first.learned).toEqual(['body.generated_at']);
    expect(first.real.map((d) => d.path)).toEqual(['body.results[id=570].status', 'body.generated_at']);
    noise = first.model;

    for (let i = 1; i < NOISE_MIN_COMPARED; i++) {
      noise = compareWithMonolith({ request: list, monolith: page(at(100 + i)), fn: page(at(200 + i)), secondMonolith: page(at(300 + i)), rules, noise }).model;
    }
    expect(noise.samples).toBe(NOISE_MIN_COMPARED);

    const later = compareWithMonolith({ request: list, monolith: page(at(900)), fn: page(at(901), changed), rules, noise });
    expect(later.real).toEqual([{ path: 'body.results[id=570].status', kind: 'value', a: '"confirmed"', b: '"delivered"' }]);
    expect(later.noise).toEqual([{ path: 'body.generated_at', kind: 'value', a: `"${at(900)}"`, b: `"${at(901)}"` }]);
    expect(later.agreed).toBe(false);
    expect(later.model).toBe(noise);

    const clean = compareWithMonolith({ request: list, monolith: page(at(902)), fn: page(at(903)), rules, noise });
    expect(clean).toMatchObject({ agreed: true, real: [], learned: [] });
    expect(clean.noise).toHaveLength(1);
  });

  it('refuses a second monolith answer to a write: a write is never applied twice', () => {
    const post: ObservedRequest = { ...list, method: 'POST', body: Buffer.from('{"site":4}') };
    expect(() =>
      compareWithMonolith({ request: post, monolith: page(at(1)), fn: page(at(1)), secondMonolith: page(at(1)), rules, noise: emptyNoiseModel() }),
    ).toThrow('POST /api/orders/: a write must never reach the monolith twice');
    expect(['GET', 'head', 'OPTIONS'].map(maySendTwice)).toEqual([true, true, true]);
    expect(['POST', 'PUT', 'PATCH', 'DELETE'].map(maySendTwice)).toEqual([false, false, false, false]);
  });

  it('compares what a client reads of a HEAD answer: status and headers, not the body gunicorn writes after it', () => {
    const head = { ...list, method: 'HEAD' };
    const fn = { ...page(at(1)), body: Buffer.alloc(0) };
    expect(compareWithMonolith({ request: head, monolith: page(at(1)), fn, rules, noise: emptyNoiseModel() }).agreed).toBe(true);
    expect(compareWithMonolith({ request: list, monolith: page(at(1)), fn, rules, noise: emptyNoiseModel() }).agreed).toBe(false);
  });

  it('hands back differences with secrets redacted, ready to store', () => {
    const login: ObservedRequest = { ...list, method: 'POST', path: '/api/auth/login/' };
    const verdict = compareWithMonolith({
      request: login,
      monolith: drfAnswer({ key: '35febdf6ec676c0033fb5af6e4101c8f10c6be72' }),
      fn: drfAnswer({ key: '07440d79f997f7590bd3aeca6c96d030c57d8714' }),
      rules,
      noise: emptyNoiseModel(),
    });
    expect(verdict.real).toEqual([{ path: 'body.key', kind: 'value', a: REDACTED, b: REDACTED }]);
  });
});
