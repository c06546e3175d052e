import type { TrafficEntry } from './traffic.ts';

/** One request of the monolith's access log (test/monolith/gunicorn.conf.py's format). */
export interface LoggedRequest {
  method: string;
  /** Path with query, as sent. */
  path: string;
  status: number;
  responseMs: number;
}

// remote [time] "METHOD /path?query HTTP/x.y" status bytes microseconds "referer" "agent"
const LINE = /^\S+ \[[^\]]+\] "([A-Z]+) (\S+) HTTP\/\d(?:\.\d)?" (\d{3}) \S+ (\d+) /;

/** The request lines of a gunicorn log (its error-log lines, mixed in on stdout, are skipped). */
export function parseAccessLog(text: string): LoggedRequest[] {
  return text.split('\n').flatMap((line) => {
    const match = LINE.exec(line);
    return match ? [{ method: match[1]!, path: match[2]!, status: Number(match[3]), responseMs: Number(match[4]) / 1000 }] : [];
  });
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The log's requests as traffic to replay. The log keeps no headers or
 * bodies, so only safe methods are replayed (a write without its body says
 * nothing), anonymously or with the headers given (a seeded user's token).
 */
export function logToTraffic(logged: readonly LoggedRequest[], headers: Record<string, string> = {}): { entries: TrafficEntry[]; skipped: number } {
  const entries = logged.filter((r) => SAFE.has(r.method)).map((r) => ({ method: r.method as TrafficEntry['method'], path: r.path, headers }));
  return { entries, skipped: logged.length - entries.length };
}
