import { describe, expect, it } from 'vitest';
import { loadManifest } from '../manifest.ts';
import { logToTraffic, parseAccessLog } from './access-log.ts';
import { generateTraffic } from './generate.ts';
import { formatTraffic, parseTraffic } from './traffic.ts';
import { SEED_TOKENS } from '../seed-credentials.ts';

describe('traffic files', () => {
  it('read back what they wrote, defaults filled in', () => {
    const text = '{"path":"/api/users/me/?x=1","headers":{"Authorization":"Token abc"}}\n\n{"method":"POST","path":"/api/auth/login/","body":"{}"}\n';
    const entries = parseTraffic(text, 'sample.jsonl');
    expect(entries).toEqual([
      { method: 'GET', path: '/api/users/me/?x=1', headers: { Authorization: 'Token abc' } },
      { method: 'POST', path: '/api/auth/login/', headers: {}, body: '{}' },
    ]);
    expect(parseTraffic(formatTraffic(entries), 'again')).toEqual(entries);
  });

  it('name the line and the field at fault', () => {
    expect(() => parseTraffic('{"path":"/ok/"}\n{"path":"no-slash"}', 's.jsonl')).toThrow('s.jsonl:2: path: a path starting with /');
    expect(() => parseTraffic('{"path":"/ok/","verb":"GET"}', 's.jsonl')).toThrow(/^s\.jsonl:1: /);
    expect(() => parseTraffic('GET /x', 's.jsonl')).toThrow('s.jsonl:1: not a JSON object (one request per line)');
  });
});

describe('the access log', () => {
  const log = [
    '127.0.0.1 [22/Nov/2026:03:04:52 +0000] "GET /api/users/me/?page=2 HTTP/1.1" 200 164 12873 "-" "node"',
    '[2026-11-22 03:04:52 +0000] [41] [INFO] Booting worker with pid: 41',
    '127.0.0.1 [22/Nov/2026:03:04:53 +0000] "POST /api/auth/login/ HTTP/1.1" 403 2870 5021 "-" "-"',
    '127.0.0.1 [22/Nov/2026:03:04:53 +0000] "HEAD /api/users/1/ HTTP/1.0" 404 - 900 "-" "-"',
  ].join('\n');

  it('parses gunicorn\'s request lines (gunicorn.conf.py\'s format) and skips the rest', () => {
    expect(parseAccessLog(log)).toEqual([
      { method: 'GET', path: '/api/users/me/?page=2', status: 200, responseMs: 12.873 },
      { method: 'POST', path: '/api/auth/login/', status: 403, responseMs: 5.021 },
      { method: 'HEAD', path: '/api/users/1/', status: 404, responseMs: 0.9 },
    ]);
  });

  it('replays only safe methods (the log has no bodies), with the headers given', () => {
    const { entries, skipped } = logToTraffic(parseAccessLog(log), { Authorization: 'Token t' });
    expect(skipped).toBe(1);
    expect(entries.map((e) => `${e.method} ${e.path}`)).toEqual(['GET /api/users/me/?page=2', 'HEAD /api/users/1/']);
    expect(entries[0]!.headers).toEqual({ Authorization: 'Token t' });
  });
});

describe('the sample generator', () => {
  const manifest = loadManifest();

  it('is deterministic for a seed and covers the migrated routes', () => {
    const a = generateTraffic(manifest, 400, 3);
    expect(generateTraffic(manifest, 400, 3)).toEqual(a);
    expect(generateTraffic(manifest, 400, 4)).not.toEqual(a);
    const paths = new Set(a.map((e) => e.path.replace(/\/\d+\/$/, '/{id}/')));
    for (const path of ['/api/users/me/', '/api/users/{id}/', '/api/auth/session/', '/api/auth/login/']) expect(paths).toContain(path);
  });

  it('sends seeded tokens, anonymous requests, CSRF-protected logins and the odd HEAD', () => {
    const sample = generateTraffic(manifest, 600, 1, ['users-me', 'auth-login']);
    expect(new Set(sample.map((e) => e.path))).toEqual(new Set(['/api/users/me/', '/api/auth/login/']));
    expect(sample.some((e) => e.headers.Authorization === `Token ${SEED_TOKENS.bob}`)).toBe(true);
    expect(sample.some((e) => e.path === '/api/users/me/' && !e.headers.Authorization)).toBe(true);
    expect(sample.some((e) => e.method === 'HEAD')).toBe(true);
    const login = sample.find((e) => e.method === 'POST')!;
    expect(login.headers['X-CSRFToken']).toHaveLength(64);
    expect(login.headers.Cookie).toBe(`csrftoken=${login.headers['X-CSRFToken']}`);
    expect(JSON.parse(login.body!)).toHaveProperty('username');
  });

  it('refuses a route list with nothing to generate for', () => {
    expect(() => generateTraffic(manifest, 10, 1, ['no-such-route'])).toThrow('no route to generate traffic for');
  });
});
