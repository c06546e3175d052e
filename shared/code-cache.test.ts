import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const MODULE = fileURLToPath(new URL('./code-cache.ts', import.meta.url));

let dir: string;
let bundle: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'canopy-code-cache-'));
  bundle = join(dir, 'index.js');
  writeFileSync(join(dir, 'sibling.js'), 'module.exports = "from beside it";');
  writeBundle(1);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

// A CommonJS bundle with a function its evaluation compiles, and a require relative to itself.
function writeBundle(answer: number): void {
  writeFileSync(bundle, `const sibling = require('./sibling.js'); function answer() { return ${answer}; } exports.result = { answer: answer(), sibling, file: __filename };`);
}

/** Loads the bundle in a fresh process (one V8, as a cold start has); writes its code cache too when asked. */
async function loadInChild(write = false): Promise<{ result: unknown; codeCache: string }> {
  const script = `
    const { loadBundle, writeCodeCache } = await import(${JSON.stringify(MODULE)});
    const loaded = loadBundle(${JSON.stringify(bundle)});
    if (${write}) writeCodeCache(loaded);
    console.log(JSON.stringify({ result: loaded.exports.result, codeCache: loaded.codeCache }));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]);
  return JSON.parse(stdout);
}

describe('loading a bundle with its code cache', () => {
  it('evaluates it as require would, without a cache at first', async () => {
    expect(await loadInChild()).toEqual({ result: { answer: 1, sibling: 'from beside it', file: bundle }, codeCache: 'absent' });
  });

  it('uses the cache written for it', async () => {
    await loadInChild(true);
    expect(await loadInChild()).toEqual({ result: { answer: 1, sibling: 'from beside it', file: bundle }, codeCache: 'used' });
  });

  it('ignores a cache written for other source of the same length (V8 alone would take it)', async () => {
    await loadInChild(true);
    writeBundle(2);
    expect(await loadInChild()).toMatchObject({ result: { answer: 2 }, codeCache: 'absent' });
  });

  it('evaluates the bundle all the same when V8 refuses the cache', async () => {
    await loadInChild(true);
    const cache = readFileSync(`${bundle}.cache`);
    cache.fill(7, 32); // the digest kept, V8's part garbage
    writeFileSync(`${bundle}.cache`, cache);
    expect(await loadInChild()).toMatchObject({ result: { answer: 1 }, codeCache: 'refused' });
  });
});
