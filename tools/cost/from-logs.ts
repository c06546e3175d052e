import { routeMatcher } from '../../shared/routing.ts';
import type { Manifest } from '../manifest.ts';
import { gib, type Usage } from './model.ts';

interface BillingEntry {
  httpRequest?: { requestUrl?: string };
  billing?: { function?: string; wallMs?: number; cpuMs?: number; inFlight?: number };
}

/**
 * Usage per route from the functions' request logs (one JSON object per line,
 * as written, or Cloud Logging's export with them under jsonPayload). Each
 * request is billed its wall time divided by the requests it shared the
 * instance with, so overlapping requests are not billed twice.
 */
export function usageFromLogs(lines: string[], manifest: Manifest): Map<string, Usage> {
  const match = routeMatcher(manifest.routes);
  const usage = new Map<string, Usage>();
  for (const line of lines) {
    if (!line.trim().startsWith('{')) continue;
    const raw = JSON.parse(line) as BillingEntry & { jsonPayload?: BillingEntry };
    const entry = raw.jsonPayload ?? raw;
    const path = entry.httpRequest?.requestUrl?.split('?')[0];
    const billing = entry.billing;
    if (!path || !billing?.function || billing.wallMs === undefined) continue;
    const route = match(path);
    const spec = manifest.functions[billing.function];
    if (!route || !spec) continue;
    const u = usage.get(route.id) ?? { requests: 0, billableSeconds: 0, vcpus: spec.cpu, memoryGiB: gib(spec.memory), concurrency: spec.concurrency, cpuSeconds: 0 };
    u.requests += 1;
    u.billableSeconds += billing.wallMs / 1000 / Math.max(1, billing.inFlight ?? 1);
    u.cpuSeconds += (billing.cpuMs ?? 0) / 1000 / Math.max(1, billing.inFlight ?? 1);
    usage.set(route.id, u);
  }
  return usage;
}
