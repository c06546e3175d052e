import { readFileSync } from 'node:fs';
import type { ObservedPath, MonolithState } from './baseline.ts';
import { optionsMetadata } from './options.ts';

/** Where the monolith's current export and URL resolutions come from: its manage.py, or files a team wrote with it. */
export interface MonolithSource {
  /** `manage.py canopy_export`'s JSON. */
  settingsExport(): Promise<string>;
  /** `manage.py canopy_urls <paths>`'s JSON. */
  resolvedPaths(paths: string[]): Promise<string>;
  /** The running monolith, for OPTIONS. */
  url: string;
  /** An Authorization header of a staff user: OPTIONS then describes the write actions too. */
  authorization: string;
}

/** The monolith as it is now, in the shape of what the functions were built against. */
export async function observeMonolith(source: MonolithSource, paths: string[]): Promise<MonolithState> {
  const settings = JSON.parse(await source.settingsExport()) as unknown;
  const resolved = JSON.parse(await source.resolvedPaths(paths)) as Record<string, Record<string, unknown> | null>;
  const observed: Record<string, ObservedPath> = {};
  for (const path of paths) {
    const found = resolved[path];
    if (!found) throw new Error(`the URL listing has no entry for ${path}: list every migrated path (npm run drift -- paths)`);
    observed[path] = { resolved: found, options: await optionsMetadata(source.url, path, source.authorization) };
  }
  return { settings, baseline: { paths: observed } };
}

/** A file a team wrote with the monolith's manage.py; one line naming the flag when it cannot be read. */
export function fileSource(path: string, flag: string, command: string): () => Promise<string> {
  return async () => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      throw new Error(`${flag} ${path} cannot be read: write it with ${command}`);
    }
  };
}
