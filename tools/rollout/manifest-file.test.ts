import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MANIFEST_PATH, type Manifest } from '../manifest.ts';
import { watchManifest, writePosition } from './manifest-file.ts';

let dir: string;
let path: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'canopy-manifest-file-'));
  path = join(dir, 'routes.json');
  copyFileSync(MANIFEST_PATH, path);
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Waits for the watcher's callback (a functional deadline for a polling watcher). */
function next<T>(register: (resolve: (value: T) => void) => () => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (stop(), reject(new Error('the watcher did not report within 5 s'))), 5000);
    const stop = register((value) => {
      clearTimeout(timer);
      stop();
      resolve(value);
    });
  });
}

describe('writePosition', () => {
  it('moves one route, validated, leaving no temporary file behind', () => {
    const manifest = writePosition(path, 'users-me', { stage: 'canary', weight: 50 });
    expect(manifest.routes.find((r) => r.id === 'users-me')).toMatchObject({ stage: 'canary', weight: 50 });
    expect(JSON.parse(readFileSync(path, 'utf8')).routes[0]).toMatchObject({ id: 'users-me', stage: 'canary', weight: 50 });
    expect(readdirSync(dir)).toEqual(['routes.json']);
  });

  it('refuses a position the manifest schema refuses, and an unknown route, without touching the file', () => {
    const before = readFileSync(path, 'utf8');
    expect(() => writePosition(path, 'users-me', { stage: 'shadow', weight: 10 })).toThrow('stage shadow needs weight 1000');
    expect(() => writePosition(path, 'nope', { stage: 'off', weight: 0 })).toThrow('no route "nope"');
    expect(readFileSync(path, 'utf8')).toBe(before);
  });
});

describe('watchManifest', () => {
  it('reports a changed manifest, and the reason when a change is invalid', async () => {
    const changed = next<Manifest>((resolve) => watchManifest(path, resolve, () => {}, 50));
    await new Promise((r) => setTimeout(r, 120)); // the first stat is the baseline
    writePosition(path, 'users-me', { stage: 'off', weight: 0 });
    expect((await changed).routes.find((r) => r.id === 'users-me')).toMatchObject({ stage: 'off', weight: 0 });

    const invalid = next<Error>((resolve) => watchManifest(path, () => {}, resolve, 50));
    await new Promise((r) => setTimeout(r, 120));
    writeFileSync(path, readFileSync(path, 'utf8').replace('"stage": "off"', '"stage": "of"'));
    expect((await invalid).message).toMatch(/routes\.0\.stage: Invalid option/);
  });
});
