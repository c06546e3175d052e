import type { Sql } from '../db.ts';
import { log } from '../log.ts';
import { defaultMode, type RouteMode, type RouteSpec } from '../routing.ts';

export interface ModeStore {
  /** The route's current mode: the stored one, else what its manifest stage implies. */
  modeFor(route: RouteSpec): RouteMode;
  /** Settles once the first read is done (or failed): a cold instance must not serve a killed route. */
  loaded: Promise<void>;
  stop(): void;
}

/** How often every instance re-reads the modes: a kill switch takes effect within this (plus a query). */
export const MODE_REFRESH_MS = 2000;

/**
 * The kill switch's reader: canopy.route_modes, re-read on an interval by
 * every instance. When the database cannot be read, the last known modes
 * stay in force (a flapping database must not flip routes).
 */
export function createModeStore(sql: Sql, intervalMs = MODE_REFRESH_MS): ModeStore {
  let modes = new Map<string, RouteMode>();
  const refresh = async () => {
    try {
      const rows = await sql<{ route_id: string; mode: RouteMode }[]>`select route_id, mode from canopy.route_modes`;
      modes = new Map(rows.map((r) => [r.route_id, r.mode]));
    } catch (error) {
      log.warning('route modes could not be refreshed; keeping the last known', { error: String(error) });
    }
  };
  const loaded = refresh();
  const timer = setInterval(refresh, intervalMs);
  timer.unref();
  return {
    modeFor: (route) => modes.get(route.id) ?? defaultMode(route.stage),
    loaded,
    stop: () => clearInterval(timer),
  };
}
