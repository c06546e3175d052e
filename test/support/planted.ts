/**
 * Planted-difference bundles, for proving that a suite compares the function
 * itself: `CANOPY_PLANTED_FUNCTION=<name>` makes every test world start that
 * function from a bundle with a planted difference, built with the
 * function's routes at stage `shadow` (where a function forwards to the
 * monolith unless the world forces it to serve). A suite run so must fail.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFunction, DIST } from '../../tools/build.ts';
import { loadManifest, type Manifest } from '../../tools/manifest.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The function to plant a difference in for this run, if any. */
export const PLANTED_FUNCTION = process.env.CANOPY_PLANTED_FUNCTION || null;

/** The manifest with `name`'s routes moved to stage shadow. */
function inShadow(manifest: Manifest, name: string): Manifest {
  return { ...manifest, routes: manifest.routes.map((r) => (r.function === name ? { ...r, stage: 'shadow' as const, weight: 1000 } : r)) };
}

/** An entry that serves the real function with planted answers (order-events: a consumer that acknowledges and does nothing). */
function plantedEntry(name: string, dir: string): string {
  if (name === 'order-events') return 'test/fixtures/planted/order-events.ts';
  const file = join(dir, 'entry.ts');
  const exported = JSON.stringify(name);
  writeFileSync(
    file,
    `import { withPlantedAnswers } from ${JSON.stringify(join(ROOT, 'test/fixtures/planted/answers.ts'))};
import * as real from ${JSON.stringify(join(ROOT, `functions/${name}/index.ts`))};
const planted = withPlantedAnswers(real[${exported}]);
export { planted as ${exported} };
`,
  );
  return relative(ROOT, file);
}

let built: Promise<string> | null = null;

/** Builds the planted bundle once per test process; returns its folder. */
export function plantedBundle(name: string): Promise<string> {
  built ??= (async () => {
    const manifest = loadManifest();
    if (!manifest.functions[name]) throw new Error(`CANOPY_PLANTED_FUNCTION=${name}: no such function in the manifest`);
    const entryDir = mkdtempSync(join(tmpdir(), `canopy-planted-${name}-`));
    // Beside the real bundles, so the externals resolve from the project's node_modules.
    const bundle = join(DIST, '..', 'planted', `${name}-${process.pid}`);
    await buildFunction(name, plantedEntry(name, entryDir), inShadow(manifest, name), bundle);
    return bundle;
  })();
  return built;
}

/** Where a test world starts `name` from: the planted bundle for the planted function, else the built one. */
export async function bundleFor(name: string): Promise<string | undefined> {
  return name === PLANTED_FUNCTION ? plantedBundle(name) : undefined;
}
