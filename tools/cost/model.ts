import { readFileSync } from 'node:fs';

/** One billing mode's rates. */
export interface Rates {
  description: string;
  vcpuSecond: number;
  gibSecond: number;
  perMillionRequests: number;
}

/** Cloud Run's published prices for both billing modes (tools/cost/prices.json, with their source and date). */
export interface Prices {
  source: string;
  checked: string;
  /** Request-based billing rounds each busy stretch of an instance up to this. */
  billingGranularitySeconds: number;
  request: Rates;
  instance: Rates;
}

/** What one side of one route consumed, as Cloud Run would bill it. */
export interface Usage {
  /** Requests served in the window. */
  requests: number;
  /** Instance-seconds with at least one request in flight (what request-based billing charges). */
  billableSeconds: number;
  /** vCPUs and memory allocated to the instance. */
  vcpus: number;
  memoryGiB: number;
  /** Requests one instance serves at once (container concurrency; gunicorn's sync workers). */
  concurrency: number;
  /** CPU actually burnt, for comparison (not what Cloud Run bills). */
  cpuSeconds: number;
}

export interface Cost {
  cpuDollars: number;
  memoryDollars: number;
  requestDollars: number;
  perMillion: number;
}

export function loadPrices(path = new URL('./prices.json', import.meta.url)): Prices {
  return JSON.parse(readFileSync(path, 'utf8')) as Prices;
}

/** Cost of a usage at request-based rates: vCPU-seconds and GiB-seconds over the billable time, plus the per-request fee; per million requests. */
export function costOf(usage: Usage, rates: Rates): Cost {
  const cpuDollars = usage.billableSeconds * usage.vcpus * rates.vcpuSecond;
  const memoryDollars = usage.billableSeconds * usage.memoryGiB * rates.gibSecond;
  const requestDollars = (usage.requests / 1e6) * rates.perMillionRequests;
  const total = cpuDollars + memoryDollars + requestDollars;
  return { cpuDollars, memoryDollars, requestDollars, perMillion: usage.requests ? (total / usage.requests) * 1e6 : 0 };
}

/** Cloud Run memory is set in MiB; bills are in GiB. "512Mi" -> 0.5, "1Gi" -> 1. */
export function gib(memory: string): number {
  const m = /^(\d+)(Mi|Gi)$/.exec(memory);
  if (!m) throw new Error(`not a Cloud Run memory size: ${memory}`);
  return m[2] === 'Gi' ? Number(m[1]) : Number(m[1]) / 1024;
}

/** The smallest Cloud Run memory setting (powers of two from 128 MiB) that holds `mib`. */
export function memorySettingFor(mib: number): string {
  let size = 128;
  while (size < mib) size *= 2;
  return size >= 1024 ? `${size / 1024}Gi` : `${size}Mi`;
}
