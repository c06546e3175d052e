import { describe, expect, it } from 'vitest';
import { diffAnswers } from './diff.ts';
import { drfAnswer, order } from './fixtures.ts';
import { addSample, classify, emptyNoiseModel, isNoise, learnNoise, NOISE_MIN_COMPARED, NOISE_WINDOW, type NoiseModel } from './noise.ts';
import type { ObservedAnswer } from './types.ts';

/** GET /api/orders/580/ as the monolith answers it at a given moment: `checked_at` is now(), with microseconds. */
const detail = (checkedAt: string, overrides: Record<string, unknown> = {}): ObservedAnswer =>
  drfAnswer({ ...order(580), checked_at: checkedAt, lines: [{ sku: 'D-1', checked_at: checkedAt }, { sku: 'D-2', checked_at: checkedAt }], ...overrides });

const at = (n: number) => `2024-05-01T09:20:11.${String(100000 + n * 7919).slice(-6)}Z`;

/** The model after `n` pairs of monolith answers, the timestamp differing in each. */
function learned(n: number, model: NoiseModel = emptyNoiseModel()): NoiseModel {
  for (let i = 0; i < n; i++) model = addSample(model, learnNoise(detail(at(2 * i)), detail(at(2 * i + 1)), {}));
  return model;
}

describe('learnNoise', () => {
  it('names the normalised paths that differ between two monolith answers, and every path it compared', () => {
    const sample = learnNoise(detail(at(1)), detail(at(2)), {});
    expect(sample.differing).toEqual(['body.checked_at', 'body.lines[*].checked_at']);
    expect(sample.compared).toEqual(
      expect.arrayContaining(['status', 'header.content-type', 'header.vary.cookie', 'body.id', 'body.lines', 'body.lines[*]', 'body.lines[*].sku', 'body.checked_at']),
    );
    expect(sample.compared).not.toContain('header.date');
    const onlySecond = learnNoise(detail(at(1)), detail(at(1), { cancelled_at: at(1) }), {});
    expect(onlySecond).toMatchObject({ differing: ['body.cancelled_at', 'header.content-length'] });
    expect(onlySecond.compared).toContain('body.cancelled_at');
  });

  it('learns nothing from identical answers and honours the rules', () => {
    expect(learnNoise(detail(at(1)), detail(at(1)), {}).differing).toEqual([]);
    const sample = learnNoise(detail(at(1)), detail(at(2)), { ignore: ['body.**.checked_at'] });
    expect(sample.differing).toEqual([]);
    expect(sample.compared).not.toContain('body.checked_at');
  });
});

describe('the noise model', () => {
  const fnAnswer = detail(at(999), { quantity: '9.000' });

  it(`makes a path noise after ${NOISE_MIN_COMPARED} pairs in which it differed, then no longer flags it`, () => {
    const differences = diffAnswers(detail(at(998)), fnAnswer, {});
    expect(differences.map((d) => d.path)).toEqual(['header.content-length', 'body.quantity', 'body.checked_at', 'body.lines[0].checked_at', 'body.lines[1].checked_at']);

    const early = learned(NOISE_MIN_COMPARED - 1);
    expect(isNoise(early, 'body.checked_at')).toBe(false);
    expect(classify(differences, early).noise).toEqual([]);

    const model = learned(NOISE_MIN_COMPARED);
    expect(model.samples).toBe(NOISE_MIN_COMPARED);
    expect(model.paths['body.checked_at']).toEqual({ compared: NOISE_MIN_COMPARED, differing: NOISE_MIN_COMPARED });
    const { real, noise } = classify(differences, model);
    expect(noise.map((d) => d.path)).toEqual(['body.checked_at', 'body.lines[0].checked_at', 'body.lines[1].checked_at']);
    expect(real.map((d) => d.path)).toEqual(['header.content-length', 'body.quantity']);
  });

  it('keeps a path real when it differs in under half of the pairs (a write landing between two requests)', () => {
    let model = emptyNoiseModel();
    for (let i = 0; i < 40; i++) {
      const status = i % 3 === 0 ? 'dispatched' : 'confirmed';
      model = addSample(model, learnNoise(detail(at(1)), detail(at(1), { status }), {}));
    }
    expect(model.paths['body.status']).toEqual({ compared: 40, differing: 14 });
    expect(isNoise(model, 'body.status')).toBe(false);
  });

  it('counts a path only in pairs where it was there, so a field present in few answers is judged on those', () => {
    let model = emptyNoiseModel();
    for (let i = 0; i < 30; i++) {
      const cancelled = i % 3 === 0 ? { cancelled_at: at(i) } : {};
      const again = i % 3 === 0 ? { cancelled_at: at(i + 1) } : {};
      model = addSample(model, learnNoise(detail(at(1), cancelled), detail(at(1), again), {}));
    }
    expect(model.paths['body.cancelled_at']).toEqual({ compared: 10, differing: 10 });
    expect(isNoise(model, 'body.cancelled_at')).toBe(true);
  });

  it('is plain data: it survives a JSON round trip, and adding a sample leaves the old model as it was', () => {
    const model = learned(NOISE_MIN_COMPARED);
    const stored = JSON.parse(JSON.stringify(model)) as NoiseModel;
    expect(stored).toEqual(model);
    expect(isNoise(stored, 'body.lines[7].checked_at')).toBe(true);
    const before = structuredClone(model);
    addSample(model, learnNoise(detail(at(1)), detail(at(2)), {}));
    expect(model).toEqual(before);
  });

  it(`halves counts past ${NOISE_WINDOW} comparisons, so a field that stops differing stops being noise`, () => {
    let model = learned(NOISE_WINDOW + 1);
    expect(model.paths['body.checked_at']).toEqual({ compared: 501, differing: 501 });
    expect(model.paths['body.id']).toEqual({ compared: 501, differing: 0 });
    const steady = learnNoise(detail(at(1)), detail(at(1)), {});
    for (let i = 0; i < 500; i++) model = addSample(model, steady);
    expect(isNoise(model, 'body.checked_at')).toBe(true);
    for (let i = 0; i < 5; i++) model = addSample(model, steady);
    expect(isNoise(model, 'body.checked_at')).toBe(false);
  });
});
