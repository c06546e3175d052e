import { describe, expect, it } from 'vitest';
import { elementToken, formatPath, keyToken, matchTokens, normalisePath, tokenize } from './paths.ts';

const matches = (pattern: string, path: string) => matchTokens(tokenize(pattern), tokenize(path));

describe('field paths', () => {
  it('normalises every array position to [*], indices and keyed elements alike', () => {
    expect(normalisePath('body.results[3].quantity')).toBe('body.results[*].quantity');
    expect(normalisePath('body.results[id=598].lines[0]')).toBe('body.results[*].lines[*]');
    expect(normalisePath('body[2]')).toBe('body[*]');
    expect(normalisePath('header.content-type')).toBe('header.content-type');
  });

  it('quotes keys that are not plain, so a dot or bracket in a key never splits it', () => {
    expect(keyToken('window_start')).toBe('window_start');
    expect(keyToken('a.b')).toBe('["a.b"]');
    expect(keyToken('*')).toBe('["*"]');
    const path = formatPath(['body', keyToken('a.b[0]'), elementToken(3), keyToken('x')]);
    expect(path).toBe('body["a.b[0]"][3].x');
    expect(tokenize(path)).toEqual(['body', '["a.b[0]"]', '[3]', 'x']);
    expect(normalisePath(path)).toBe('body["a.b[0]"][*].x');
  });

  it('keeps a keyed element whose key value holds a bracket in one token', () => {
    const path = formatPath(['body', 'results', elementToken(`ref=${JSON.stringify('a]b')}`), 'status']);
    expect(tokenize(path)).toEqual(['body', 'results', '[ref="a]b"]', 'status']);
  });

  it('matches * to one segment, [*] to any element, ** to any number of segments', () => {
    expect(matches('body.results[*].updated_at', 'body.results[7].updated_at')).toBe(true);
    expect(matches('body.results[*].updated_at', 'body.results[id=5].updated_at')).toBe(true);
    expect(matches('body.results[*].updated_at', 'body.results.updated_at')).toBe(false);
    expect(matches('body.*.updated_at', 'body.results.updated_at')).toBe(true);
    expect(matches('body.*.updated_at', 'body.a.b.updated_at')).toBe(false);
    expect(matches('body.**.last_login', 'body.last_login')).toBe(true);
    expect(matches('body.**.last_login', 'body.user.profile[0].last_login')).toBe(true);
    expect(matches('body.**.last_login', 'body.user.last_login_ip')).toBe(false);
    expect(matches('[*]', '["0"]')).toBe(false);
    expect(matches('header.vary', 'header.vary.cookie')).toBe(false);
  });
});
