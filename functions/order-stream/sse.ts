import type { OrderEvent } from './events.ts';

// The Server-Sent Events wire format (HTML Living Standard, "Server-sent events").

/** One event: its id (what the client sends back as Last-Event-ID), its type and the event as JSON. */
export const sseEvent = (event: OrderEvent) => `id: ${event.id}\nevent: ${event.event}\ndata: ${JSON.stringify(event)}\n\n`;

/** A comment line: ignored by clients, it keeps proxies and the load balancer from timing the stream out. */
export const sseComment = (text: string) => `: ${text}\n\n`;

/** How long a client waits before reconnecting after the stream ends. */
export const sseRetry = (ms: number) => `retry: ${ms}\n\n`;

/** The id a reconnecting client last saw (Last-Event-ID); 0 (from the start) when absent or not an id. */
export function lastEventId(header: string | undefined): number {
  const text = header?.trim() ?? '';
  return /^\d{1,15}$/.test(text) ? Number(text) : 0;
}
