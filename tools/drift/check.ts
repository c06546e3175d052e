import type { MonolithState } from './baseline.ts';
import { jsonDifferences } from './differences.ts';

const ACCEPT = 'npm run drift -- --accept';

/**
 * Every difference between the monolith now and what the functions were
 * built against, one line each: its settings export, and per migrated path
 * the URL pattern and view that resolve it and its OPTIONS metadata.
 */
export function driftLines(built: MonolithState, now: MonolithState): string[] {
  const lines = jsonDifferences('export', built.settings, now.settings);
  for (const [path, observed] of Object.entries(now.baseline.paths)) {
    const before = built.baseline.paths[path];
    if (!before) {
      lines.push(`${path} is migrated but not in the baseline: check the function against the monolith, then ${ACCEPT}`);
      continue;
    }
    lines.push(...jsonDifferences(`URL ${path}`, before.resolved, observed.resolved), ...jsonDifferences(`OPTIONS ${path}`, before.options, observed.options));
  }
  for (const path of Object.keys(built.baseline.paths)) {
    if (!(path in now.baseline.paths)) lines.push(`${path} is in the baseline but no longer migrated: ${ACCEPT}`);
  }
  return lines;
}
