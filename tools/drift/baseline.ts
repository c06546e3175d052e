import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { loadSettingsExport, settingsExportPath } from '../settings-export.ts';

/** What the functions were built against beyond the settings: per migrated path, how the monolith resolved it and its OPTIONS answer. */
export const BASELINE_PATH = fileURLToPath(new URL('../../infra/monolith-baseline.json', import.meta.url));

const observedPath = z.strictObject({
  /** `manage.py canopy_urls`: the URL pattern and view, with the view's own classes. */
  resolved: z.record(z.string(), z.unknown()),
  /** OPTIONS as staff: status, the Allow header and DRF's metadata (SimpleMetadata) as JSON. */
  options: z.strictObject({ status: z.number().int(), allow: z.string().nullable(), body: z.unknown() }),
});
const baselineSchema = z.strictObject({ paths: z.record(z.string(), observedPath) });

export type ObservedPath = z.infer<typeof observedPath>;
export type Baseline = z.infer<typeof baselineSchema>;

/** What the check compares: the settings export (as JSON) and the baseline. */
export interface MonolithState {
  settings: unknown;
  baseline: Baseline;
}

function readJson(path: string, what: string, fix: string): unknown {
  if (!existsSync(path)) throw new Error(`${path} is missing (${what}): ${fix}`);
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path} is not JSON (${(error as Error).message}): ${fix}`);
  }
}

/** What the functions were built against; one line naming the file and the fix when one is missing or invalid. */
export function readBuiltState(baselinePath: string): MonolithState {
  const accept = 'run npm run drift -- --accept against the monolith the functions follow';
  const settingsPath = settingsExportPath();
  const settings = readJson(settingsPath, 'the settings export the build embeds', accept);
  loadSettingsExport(settingsPath);
  const parsed = baselineSchema.safeParse(readJson(baselinePath, 'the monolith baseline', accept));
  if (!parsed.success) throw new Error(`${baselinePath}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}; ${accept}`);
  return { settings, baseline: parsed.data };
}

/** Records `state` as what the functions are built against: the settings file the build embeds and the baseline. */
export function writeBuiltState(state: MonolithState, baselinePath: string): string[] {
  const settingsPath = settingsExportPath();
  writeFileSync(settingsPath, `${JSON.stringify(state.settings, null, 2)}\n`);
  writeFileSync(baselinePath, `${JSON.stringify(state.baseline, null, 2)}\n`);
  return [settingsPath, baselinePath];
}
