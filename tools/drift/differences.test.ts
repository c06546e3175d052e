import { describe, expect, it } from 'vitest';
import { jsonDifferences } from './differences.ts';

describe('jsonDifferences', () => {
  it('is empty for equal values, whatever the key order', () => {
    expect(jsonDifferences('x', { a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toEqual([]);
  });

  it('names each changed, new and gone value by its path, one line each', () => {
    const built = { settings: { PAGE_SIZE: 20, MIDDLEWARE: ['a', 'b'], GONE: true }, hashers: [{ algorithm: 'pbkdf2_sha256', iterations: 260000 }] };
    const now = { settings: { PAGE_SIZE: 25, MIDDLEWARE: ['a', 'c', 'b'], NEW: null }, hashers: [{ algorithm: 'pbkdf2_sha256', iterations: 320000 }] };
    expect(jsonDifferences('export', built, now)).toEqual([
      'export: settings.PAGE_SIZE is 25 (built against 20)',
      'export: settings.MIDDLEWARE is ["a","c","b"] (built against ["a","b"])',
      'export: settings.GONE is gone (built against true)',
      'export: settings.NEW is new: null',
      'export: hashers[0].iterations is 320000 (built against 260000)',
    ]);
  });

  it('compares arrays of objects of different lengths as one value', () => {
    expect(jsonDifferences('h', [{ a: 1 }], [{ a: 1 }, { a: 2 }])).toEqual(['h: the whole value is [{"a":1},{"a":2}] (built against [{"a":1}])']);
  });
});
