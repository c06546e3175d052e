import type postgres from 'postgres';
import { loadManifest, MANIFEST_PATH, type Manifest } from '../../manifest.ts';
import { syncModes } from '../../modes.ts';
import { describePosition } from '../../rollout/ladder.ts';
import { watchManifest } from '../../rollout/manifest-file.ts';

/** The routes manifest in force: read at start, replaced when the file changes and parses. */
export interface Routes {
  current(): Manifest;
}

/**
 * Applies a changed manifest (the load balancer reads it per request):
 * routes whose stage changed get that stage's mode (kill switches kept), as
 * `npm run modes -- sync` does after a deploy. Logs one line.
 */
async function applyChange(sql: postgres.Sql, previous: Manifest, next: Manifest): Promise<void> {
  const changed = next.routes.filter((r) => {
    const before = previous.routes.find((p) => p.id === r.id);
    return before?.stage !== r.stage || before.weight !== r.weight;
  });
  const restaged = changed.filter((r) => previous.routes.find((p) => p.id === r.id)?.stage !== r.stage);
  await syncModes(sql, { ...next, routes: restaged });
  const functionsChanged = Object.keys(next.functions).sort().join() !== Object.keys(previous.functions).sort().join();
  console.log(
    `canopy: routes manifest reloaded: ${changed.map((r) => `${r.id} ${describePosition(r)}`).join(', ') || 'no stage or weight changed'}` +
      (functionsChanged ? '; its functions changed: restart npm start to run them' : ''),
  );
}

/** infra/routes.json as it is now (a bad manifest stops start-up with one line, ManifestError). */
export function readRoutes(): Routes & { watch(sql: postgres.Sql): void } {
  let manifest = loadManifest();
  return {
    current: () => manifest,
    // A bad edit keeps the last good manifest in force, as a failed terraform plan would.
    watch: (sql) =>
      void watchManifest(
        MANIFEST_PATH,
        (next) => {
          const previous = manifest;
          manifest = next;
          applyChange(sql, previous, next).catch((error: Error) => console.log(`canopy: route modes not synced after the manifest changed: ${error.message}`));
        },
        (error) => console.log(`canopy: routes manifest not applied, keeping the last good one: ${error.message}`),
      ),
  };
}
