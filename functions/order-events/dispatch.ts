import { setTimeout as sleep } from 'node:timers/promises';
import type { OrderCreatedEvent } from '../../shared/events/order-created.ts';
import { jsonDumps } from '../../shared/python/json-dumps.ts';
import type { DispatchSettings } from './config.ts';

/** What one delivery's calls came to; `error` is str(DispatchError) as the monolith audits it. */
export type DispatchResult = { ok: true } | { ok: false; error: string; permanent: boolean };

/** orders/dispatch.py order_payload(), from the event that carries the same fields. */
export function dispatchPayload(event: OrderCreatedEvent): Record<string, string | number> {
  return {
    order_id: event.order_id,
    site_id: event.site_id,
    postcode: event.postcode,
    product: event.product,
    quantity: event.quantity,
    window_start: event.window_start,
    window_end: event.window_end,
  };
}

/**
 * POSTs the order to the partner as orders/dispatch.py does (same body,
 * Idempotency-Key order-<pk>-created, the monolith's timeout per call),
 * trying again with backoff after a timeout, a connection error, a 5xx, 408
 * or 429. Any other 4xx is final: the partner refused the order.
 */
export async function dispatchOrder(settings: DispatchSettings, event: OrderCreatedEvent): Promise<DispatchResult> {
  const body = jsonDumps(dispatchPayload(event));
  const deadline = Date.now() + settings.budgetMs;
  let result = await callOnce(settings.url, event.order_id, body, Math.min(settings.timeoutMs, settings.budgetMs));
  for (let attempt = 1; attempt < settings.tries && !result.ok && !result.permanent; attempt++) {
    const pause = settings.backoffMs * 2 ** (attempt - 1);
    // A try that could not finish in the budget would outlive the request: leave it to the next delivery.
    const left = deadline - Date.now() - pause;
    if (left < MIN_TRY_MS) break;
    await sleep(pause);
    result = await callOnce(settings.url, event.order_id, body, Math.min(settings.timeoutMs, left));
  }
  return result;
}

const MIN_TRY_MS = 100;

async function callOnce(url: string, orderId: number, body: string, timeoutMs: number): Promise<DispatchResult> {
  let response: Response;
  try {
    response = await fetch(`${url}/dispatch`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `order-${orderId}-created` },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer();
  } catch (error) {
    // requests' Timeout and ConnectionError, as DispatchError words them.
    return { ok: false, error: (error as Error).name === 'TimeoutError' ? 'timeout' : 'connection error', permanent: false };
  }
  if (response.status < 400) return { ok: true };
  const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
  return { ok: false, error: `HTTP ${response.status}`, permanent: !retryable };
}
