import { describe, expect, it } from 'vitest';
import { tokenize } from './paths.ts';
import { applyRules, arraySemantics, MASK, ruleErrors } from './rules.ts';

describe('applyRules', () => {
  const tree = {
    status: 200,
    header: { 'cache-control': 'max-age=0', 'content-type': 'application/json' },
    body: {
      detail: 'Request was throttled. Expected available in 37 seconds.',
      results: [
        { id: 1, updated_at: '2024-05-01T09:14:02.004417Z', note: 'at 09:14' },
        { id: 2, updated_at: '2024-05-01T09:15:44.123456Z', note: 'at 09:15' },
      ],
      user: { profile: { last_login: '2024-05-01T08:00:00Z' }, last_login: null },
    },
  };

  it('drops ignored fields at any matching path and leaves the input untouched', () => {
    const before = structuredClone(tree);
    const out = applyRules(tree, { ignore: ['header.cache-control', 'body.results[*].updated_at', 'body.**.last_login'] });
    expect(out).toEqual({
      status: 200,
      header: { 'content-type': 'application/json' },
      body: {
        detail: tree.body.detail,
        results: [
          { id: 1, note: 'at 09:14' },
          { id: 2, note: 'at 09:15' },
        ],
        user: { profile: {} },
      },
    });
    expect(tree).toEqual(before);
  });

  it('masks every match in strings at or under the masked path, nowhere else', () => {
    const out = applyRules(tree, {
      masks: [
        { path: 'body.detail', pattern: '\\d+ seconds' },
        { path: 'body.results', pattern: '\\d\\d:\\d\\d' },
      ],
    }) as typeof tree;
    expect(out.body.detail).toBe(`Request was throttled. Expected available in ${MASK}.`);
    expect(out.body.results[1]).toEqual({ id: 2, updated_at: `2024-05-01T${MASK}:44.123456Z`, note: `at ${MASK}` });
    expect(out.body.user.profile.last_login).toBe('2024-05-01T08:00:00Z');
  });

  it('keeps a "__proto__" key as data rather than a prototype', () => {
    const out = applyRules(JSON.parse('{"body":{"__proto__":{"x":1},"y":2}}'), { ignore: ['body.y'] }) as { body: object };
    expect(Object.keys(out.body)).toEqual(['__proto__']);
  });
});

describe('arraySemantics', () => {
  it('gives the first matching entry and ordered for arrays not listed', () => {
    const at = arraySemantics({ arrays: { 'body.results': { key: 'id' }, 'body.results[*].tags': 'unordered', 'body.**': 'unordered' } });
    expect(at(tokenize('body.results'))).toEqual({ key: 'id' });
    expect(at(tokenize('body.results[id=3].tags'))).toBe('unordered');
    expect(at(tokenize('body.other'))).toBe('unordered');
    expect(arraySemantics({})(tokenize('body.results'))).toBe('ordered');
  });
});

describe('ruleErrors', () => {
  it('accepts sound rules', () => {
    expect(
      ruleErrors({
        ignore: ['body.**.last_login', 'cookie.csrftoken', 'header.expires'],
        masks: [{ path: 'body.detail', pattern: '\\d+ seconds' }],
        arrays: { 'body.results': { key: 'id' }, 'body.tags': 'unordered' },
      }),
    ).toEqual([]);
  });

  it('names each bad field: a bare field name, a path that does not parse, a bad regex, an empty key', () => {
    expect(
      ruleErrors({
        ignore: ['last_login', 'body..x'],
        masks: [{ path: 'body.detail', pattern: '(' }],
        arrays: { 'body.results': { key: '' } },
      }),
    ).toEqual([
      'ignore[0]: "last_login" must start with status, header, cookie or body',
      'ignore[1]: "body..x" is not a field path such as body.results[*].created_at',
      expect.stringMatching(/^masks\[0\]\.pattern: Invalid regular expression/),
      'arrays["body.results"].key: must name a field',
    ]);
  });
});
