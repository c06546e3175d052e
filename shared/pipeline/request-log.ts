import type { IncomingMessage } from 'node:http';
import { log } from '../log.ts';

const SENSITIVE_QUERY_KEY = /pass|token|secret|key|sig|session|csrf|auth/i;

/** The path and query for a log line, with values of anything that looks secret redacted. */
export function loggableUrl(url: string): string {
  const q = url.indexOf('?');
  if (q === -1) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  for (const key of new Set(params.keys())) if (SENSITIVE_QUERY_KEY.test(key)) params.set(key, '[redacted]');
  return `${url.slice(0, q)}?${params.toString()}`;
}

/** Cloud Logging's trace fields from X-Cloud-Trace-Context or W3C traceparent. */
export function traceFields(headers: IncomingMessage['headers'], project: string | undefined): Record<string, string> {
  const cloud = /^([0-9a-f]{32})(?:\/(\d+))?/i.exec(String(headers['x-cloud-trace-context'] ?? ''));
  const w3c = /^[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/i.exec(String(headers.traceparent ?? ''));
  const traceId = cloud?.[1] ?? w3c?.[1];
  if (!traceId) return {};
  const spanId = cloud?.[2] ? BigInt(cloud[2]).toString(16).padStart(16, '0') : w3c?.[2];
  return {
    'logging.googleapis.com/trace': project ? `projects/${project}/traces/${traceId}` : traceId,
    ...(spanId ? { 'logging.googleapis.com/spanId': spanId } : {}),
  };
}

// Resident memory moves slowly and reading it is a system call per request (about 5 % of a busy
// function's CPU): read it at most once a second.
let rssMb = 0;
let rssReadAt = -Infinity;
function residentMb(now: number): number {
  if (now - rssReadAt >= 1000) {
    rssMb = Number((process.memoryUsage.rss() / 2 ** 20).toFixed(1));
    rssReadAt = now;
  }
  return rssMb;
}

// Requests in flight on this instance, each with the most it has seen alongside it.
const active = new Set<{ maxInFlight: number }>();

/**
 * Starts timing one request; the returned function logs it as one structured
 * entry with Cloud Logging's httpRequest and the figures Cloud Run bills on:
 * wall time with the request in flight, process CPU time over that span (it
 * includes overlapping requests, hence `inFlight`), and resident memory (read at most once a second).
 * Never headers, cookies or bodies.
 */
export function startRequestLog(req: IncomingMessage): (status: number, responseSize: number) => void {
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const self = { maxInFlight: 0 };
  active.add(self);
  for (const other of active) other.maxInFlight = Math.max(other.maxInFlight, active.size);
  return (status, responseSize) => {
    active.delete(self);
    const ended = process.hrtime.bigint();
    const wallMs = Number(ended - started) / 1e6;
    const used = process.cpuUsage(cpu);
    log[status >= 500 ? 'error' : 'info'](`${req.method} ${loggableUrl(req.url ?? '/').split('?')[0]} ${status}`, {
      httpRequest: {
        requestMethod: req.method,
        requestUrl: loggableUrl(req.url ?? '/'),
        status,
        responseSize: String(responseSize),
        userAgent: req.headers['user-agent'],
        remoteIp: req.socket?.remoteAddress,
        latency: `${(wallMs / 1000).toFixed(6)}s`,
        protocol: `HTTP/${req.httpVersion}`,
      },
      ...traceFields(req.headers, process.env.GOOGLE_CLOUD_PROJECT),
      billing: {
        function: process.env.K_SERVICE ?? process.env.FUNCTION_TARGET,
        wallMs: Number(wallMs.toFixed(3)),
        cpuMs: Number(((used.user + used.system) / 1000).toFixed(3)),
        inFlight: self.maxInFlight,
        rssMb: residentMb(Number(ended / 1_000_000n)),
      },
    });
  };
}
