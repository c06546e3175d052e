import { readFileSync, renameSync, unwatchFile, watchFile, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { loadManifest, ManifestError, parseManifest, type Manifest } from '../manifest.ts';
import { setJsonValues } from './json-edit.ts';
import type { Position } from './ladder.ts';

/**
 * Moves one route of the manifest file to a new stage and weight, editing
 * only those two values (the file keeps its formatting, so the commit is a
 * two-line diff Terraform reads as is). The result is validated before it
 * replaces the file, by a rename, so readers never see half a file.
 */
export function writePosition(path: string, routeId: string, to: Position): Manifest {
  const text = readFileSync(path, 'utf8');
  const index = parseManifest(text, path).routes.findIndex((r) => r.id === routeId);
  if (index < 0) throw new ManifestError(`${path}: no route "${routeId}"`);
  const next = setJsonValues(text, [
    { path: ['routes', index, 'stage'], value: to.stage },
    { path: ['routes', index, 'weight'], value: to.weight },
  ]);
  const manifest = parseManifest(next, path);
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  writeFileSync(temporary, next);
  renameSync(temporary, path);
  return manifest;
}

/**
 * Calls `onChange` with the manifest each time the file changes and parses,
 * `onInvalid` with the reason when it does not (the caller keeps the last
 * good one). Polls the file's stat, which survives editors and tools that
 * replace the file by a rename.
 */
export function watchManifest(path: string, onChange: (manifest: Manifest) => void, onInvalid: (error: Error) => void, intervalMs = 500): () => void {
  const listener = (now: { mtimeMs: number; ino: number; size: number }, before: { mtimeMs: number; ino: number; size: number }) => {
    if (now.mtimeMs === before.mtimeMs && now.ino === before.ino && now.size === before.size) return;
    try {
      onChange(loadManifest(path));
    } catch (error) {
      onInvalid(error as Error);
    }
  };
  watchFile(path, { interval: intervalMs }, listener);
  return () => unwatchFile(path, listener);
}
