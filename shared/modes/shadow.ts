import type { Sql } from '../db.ts';
import { log } from '../log.ts';
import type { Handler } from '../pipeline/handler.ts';
import type { CanopyRequest, CanopyResponse } from '../http/types.ts';
import type { RouteSpec } from '../routing.ts';
import { forwardToMonolith, type ForwardedAnswer } from './forward.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);


/** What a shadowed request produced, for the parity engine. */
export interface ShadowObservation {
  route: RouteSpec;
  request: CanopyRequest;
  monolith: ForwardedAnswer;
  fn: (CanopyResponse & { latencyMs: number }) | null;
  secondMonolith: ForwardedAnswer | null;
}

export interface ShadowOptions {
  sql: Sql;
  monolithUrl: string;
  originToken: string | null;
  handle: Handler;
  record: (observation: ShadowObservation) => Promise<void>;
  /** Share of safe requests sent to the monolith a second time, to learn noise. */
  noiseSample: number;
}

class RolledBack extends Error {
  constructor(readonly response: CanopyResponse) {
    super('dry run rolled back');
  }
}

/** Runs the function's own handling inside a transaction that is always rolled back: nothing it writes survives. */
export async function dryRun(options: Pick<ShadowOptions, 'sql' | 'handle'>, req: CanopyRequest): Promise<CanopyResponse & { latencyMs: number }> {
  const started = performance.now();
  try {
    await options.sql.begin(async (tx) => {
      throw new RolledBack(await options.handle(req, tx as unknown as Sql));
    });
  } catch (error) {
    if (error instanceof RolledBack) return { ...error.response, latencyMs: performance.now() - started };
    throw error;
  }
  throw new Error('unreachable: the dry run always rolls back');
}

/**
 * Shadow mode: the client gets the monolith's answer untouched. Every run of
 * the function's own handling is a dry run in a transaction that is always
 * rolled back, so nothing it writes survives: no row, no outbox event (so no
 * publish and no partner call), no NOTIFY. Safe methods run it in parallel
 * with the forward (even a GET that would flush a stale session changes
 * nothing). Unsafe methods, on routes whose shadowUnsafe is "dry-run", run it
 * to its rollback *before* the forward: the function then sees the state the
 * monolith is about to see (a webhook's event id not yet recorded, an
 * Idempotency-Key not yet claimed), the two never hold the same rows at once,
 * and the write is applied once, by the monolith; the client waits for the dry
 * run as well. Comparison and recording happen after the answer is sent.
 */
export async function shadow(options: ShadowOptions, route: RouteSpec, req: CanopyRequest): Promise<ForwardedAnswer> {
  const safe = SAFE_METHODS.has(req.method);
  if (!safe && route.shadowUnsafe === 'skip') return forwardToMonolith(options.monolithUrl, req, req.signal, undefined, options.originToken);
  // null: the function's own handling failed (recorded as a disagreement).
  const own = safe ? dryRun(options, req).catch(() => null) : await dryRun(options, req).catch(() => null);
  const monolith = await forwardToMonolith(options.monolithUrl, req, req.signal, undefined, options.originToken);
  void (async () => {
    const fn = await own;
    const secondMonolith = safe && Math.random() < options.noiseSample ? await forwardToMonolith(options.monolithUrl, req, null, undefined, options.originToken).catch(() => null) : null;
    await options.record({ route, request: req, monolith, fn, secondMonolith });
  })().catch((error) => log.error('shadow comparison failed', { route: route.id, error: String(error) }));
  return monolith;
}
