import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MANIFEST_PATH } from '../manifest.ts';
import { setJsonValues } from './json-edit.ts';

describe('setJsonValues', () => {
  it('changes only the values asked for, every other byte as it was', () => {
    const text = readFileSync(MANIFEST_PATH, 'utf8');
    const edited = setJsonValues(text, [
      { path: ['routes', 1, 'stage'], value: 'canary' },
      { path: ['routes', 1, 'weight'], value: 50 },
    ]);
    const before = text.split('\n');
    const after = edited.split('\n');
    expect(after).toHaveLength(before.length);
    const changed = after.flatMap((line, i) => (line === before[i] ? [] : [[before[i], line]]));
    expect(changed).toEqual([
      ['      "stage": "live",', '      "stage": "canary",'],
      ['      "weight": 1000,', '      "weight": 50,'],
    ]);
    expect(JSON.parse(edited).routes[1]).toMatchObject({ stage: 'canary', weight: 50 });
    expect(JSON.parse(edited).routes[0]).toEqual(JSON.parse(text).routes[0]);
  });

  it('handles strings with escapes and braces, nested arrays and compact formatting', () => {
    const text = '{"a":"x\\"}{[","b":[1,[2,{"c":null}]],"d":{}}';
    expect(setJsonValues(text, [{ path: ['b', 1, 1, 'c'], value: 'ok' }])).toBe('{"a":"x\\"}{[","b":[1,[2,{"c":"ok"}]],"d":{}}');
    expect(setJsonValues(text, [{ path: ['a'], value: 7 }])).toBe('{"a":7,"b":[1,[2,{"c":null}]],"d":{}}');
  });

  it('refuses a path that is not there and text that is not JSON', () => {
    expect(() => setJsonValues('{"a":1}', [{ path: ['b'], value: 1 }])).toThrow('no value at b');
    expect(() => setJsonValues('{"a":1,}', [{ path: ['a'], value: 2 }])).toThrow(SyntaxError);
    expect(() => setJsonValues('{"a":1} x', [{ path: ['a'], value: 2 }])).toThrow(SyntaxError);
  });
});
