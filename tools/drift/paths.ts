import type { Manifest } from '../manifest.ts';
import { BEYOND_DJANGO } from '../openapi/deliberate-differences.ts';

/** A path a route template matches, each {variable} as 1: what the monolith is asked to resolve. */
export const examplePath = (template: string) => template.replace(/\{[a-z_]+\}/g, '1');

/** Templates of the routes the monolith has no view for (the API reference's list): nothing of Django's can drift there. */
const beyondDjango = new Set(BEYOND_DJANGO.map(({ operation }) => operation.slice(operation.indexOf(' ') + 1)));

/** The migrated paths, once each, in manifest order (routes that differ only in method share one). */
export function migratedPaths(manifest: Manifest): string[] {
  return [...new Set(manifest.routes.filter((r) => !beyondDjango.has(r.pathTemplate)).map((r) => examplePath(r.pathTemplate)))];
}
