/**
 * Loads a CommonJS bundle with V8's code cache: the bytecode V8 compiled for
 * it, kept beside it as `<bundle>.cache`, so a cold start deserializes
 * instead of parsing and compiling (Node 20 has no module compile cache;
 * 22's `module.enableCompileCache` does this for every module). The cache is
 * written where the bundle will run (`node main.js --write-code-cache` in
 * the image's Dockerfile), since V8 refuses one made by another V8 version
 * or with other flags; a refused, missing or stale cache only costs the
 * compile it would have saved.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

/** What became of the cache: used, refused by V8 (another version or flags), or absent or for another bundle. */
export type CodeCacheUse = 'used' | 'refused' | 'absent';

export interface LoadedBundle {
  exports: Record<string, unknown>;
  codeCache: CodeCacheUse;
  /** Where it was read from and what, for writing its cache. */
  path: string;
  source: string;
  script: Script;
}

// V8 checks a cache against the source's length only, so the file starts with the source's digest.
const DIGEST_BYTES = 32;
const digest = (source: string) => createHash('sha256').update(source).digest();
const cacheFile = (bundle: string) => `${bundle}.cache`;

/** Evaluates `bundle` as Node's require would, with its code cache when one was written for this very source. */
export function loadBundle(bundle: string): LoadedBundle {
  const source = readFileSync(bundle, 'utf8');
  const cached = readCache(bundle, source);
  const script = new Script(Module.wrap(source), { filename: bundle, cachedData: cached });
  const module = { exports: {} as Record<string, unknown> };
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  const codeCache = !cached ? 'absent' : script.cachedDataRejected ? 'refused' : 'used';
  return { exports: module.exports, codeCache, path: bundle, source, script };
}

/** Writes `<bundle>.cache` from a bundle just loaded: what V8 compiled while evaluating it. */
export function writeCodeCache({ path, source, script }: LoadedBundle): void {
  writeFileSync(cacheFile(path), Buffer.concat([digest(source), script.createCachedData()]));
}

function readCache(bundle: string, source: string): Buffer | undefined {
  let file: Buffer;
  try {
    file = readFileSync(cacheFile(bundle));
  } catch {
    return undefined;
  }
  return file.subarray(0, DIGEST_BYTES).equals(digest(source)) ? file.subarray(DIGEST_BYTES) : undefined;
}
