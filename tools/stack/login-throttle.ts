/**
 * The edge's login throttle, as Cloud Armor applies it (infra/modules/load-balancer/armor.tf)
 * and as the local load balancer applies it: per client IP, at most `requests` requests per
 * `intervalSec` to any spelling of the login path that Django resolves to its login view,
 * the rest answered 429. Django decodes every %XX escape in the path before resolving it (the
 * WSGI server puts the decoded path in PATH_INFO; %2F becomes "/"), so /api/auth/%6Cogin/ and
 * /api/auth/login%2F are the login view too, while the load balancer's URL map, matching the
 * raw path, sends them to the monolith. One file, login-throttle.json, holds the rule for both.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const LOGIN_THROTTLE_PATH = fileURLToPath(new URL('../../infra/modules/load-balancer/login-throttle.json', import.meta.url));

export interface LoginThrottle {
  /** The path as Django's URLconf has it. */
  path: string;
  /** RE2 (and JavaScript) pattern of every raw spelling of `path`: pathPattern(path). */
  pathRegex: string;
  requests: number;
  intervalSec: number;
}

/**
 * Each character as itself or as %XX with either case of hex digit: what decodes to `path`.
 * Letters stay case-sensitive (Django's URL patterns are), so /API/auth/login/ is not matched.
 */
export function pathPattern(path: string): string {
  const alternatives = [...path].map((c) => {
    const hex = [...c.charCodeAt(0).toString(16).padStart(2, '0')].map((d) => (/[a-f]/.test(d) ? `[${d}${d.toUpperCase()}]` : d)).join('');
    const literal = /[A-Za-z0-9/_~-]/.test(c) ? c : `[${c}]`;
    return `(?:${literal}|%${hex})`;
  });
  return `^${alternatives.join('')}$`;
}

export function loadLoginThrottle(path = LOGIN_THROTTLE_PATH): LoginThrottle {
  return JSON.parse(readFileSync(path, 'utf8')) as LoginThrottle;
}

/**
 * A throttle like Cloud Armor's: counts matching requests per client in a window that starts at
 * the client's first counted request; true means over the limit (answer 429).
 */
export function createLoginThrottle(rule: LoginThrottle, now: () => number = Date.now): (client: string, rawPath: string) => boolean {
  const pattern = new RegExp(rule.pathRegex);
  const windows = new Map<string, { start: number; count: number }>();
  return (client, rawPath) => {
    if (!pattern.test(rawPath)) return false;
    const at = now();
    let window = windows.get(client);
    if (!window || at - window.start >= rule.intervalSec * 1000) {
      window = { start: at, count: 0 };
      windows.set(client, window);
    }
    window.count += 1;
    return window.count > rule.requests;
  };
}
