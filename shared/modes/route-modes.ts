import { serviceUnavailable } from '../http/errors.ts';
import type { Sql } from '../db.ts';
import { log } from '../log.ts';
import type { CanopyRequest, CanopyResponse } from '../http/types.ts';
import { routeMatcher, type RouteSpec } from '../routing.ts';
import { forwardToMonolith } from './forward.ts';
import type { Handler } from '../pipeline/handler.ts';
import { shadow, type ShadowObservation } from './shadow.ts';
import type { ModeStore } from './store.ts';

export interface RouteModeOptions {
  routes: readonly RouteSpec[];
  store: ModeStore;
  sql: Sql;
  /** The monolith's base URL (shadow and bypass need it); null when not configured. */
  monolithUrl: string | null;
  /** What the monolith's origin requires of every request (ORIGIN_TOKEN); null when it requires nothing. */
  originToken?: string | null;
  record: (observation: ShadowObservation) => Promise<void>;
  noiseSample: number;
}

/**
 * Puts the route's mode in front of the Django request path: `serve` answers
 * here, `shadow` answers with the monolith and compares, `bypass` (the kill
 * switch) forwards everything to the monolith. Paths outside the function's
 * manifest routes are served (they only arrive when called directly).
 */
export function withRouteModes(handle: Handler, options: RouteModeOptions): (req: CanopyRequest) => Promise<CanopyResponse> {
  const match = routeMatcher(options.routes);
  return async (req) => {
    const route = match(req.path);
    const mode = route ? options.store.modeFor(route) : 'serve';
    if (mode === 'serve' || !route) return handle(req, options.sql);
    if (!options.monolithUrl) {
      log.error('route mode needs MONOLITH_URL, which is not set', { route: route.id, mode });
      return serviceUnavailable().toResponse();
    }
    try {
      const originToken = options.originToken ?? null;
      if (mode === 'bypass') return await forwardToMonolith(options.monolithUrl, req, req.signal, undefined, originToken);
      return await shadow({ sql: options.sql, monolithUrl: options.monolithUrl, originToken, handle, record: options.record, noiseSample: options.noiseSample }, route, req);
    } catch (error) {
      log.error('monolith unreachable', { route: route.id, mode, error: String(error) });
      return serviceUnavailable().toResponse();
    }
  };
}
