import type { Manifest } from '../manifest.ts';

/** A path a route template matches, each {variable} as 1: what the monolith is asked to resolve. */
export const examplePath = (template: string) => template.replace(/\{[a-z_]+\}/g, '1');

/** The migrated paths, once each, in manifest order (routes that differ only in method share one). */
export function migratedPaths(manifest: Manifest): string[] {
  return [...new Set(manifest.routes.map((r) => examplePath(r.pathTemplate)))];
}
