import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { MANIFEST_PATH } from '../../tools/manifest.ts';
import type { Position } from '../../tools/rollout/ladder.ts';
import { writePosition } from '../../tools/rollout/manifest-file.ts';

/** A copy of the routes manifest in a temporary folder, some routes moved; the real infra/routes.json is never touched. */
export function manifestCopy(positions: Record<string, Position>): { path: string; text(): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'canopy-manifest-'));
  const path = join(dir, 'routes.json');
  copyFileSync(MANIFEST_PATH, path);
  for (const [id, position] of Object.entries(positions)) writePosition(path, id, position);
  return { path, text: () => readFileSync(path, 'utf8'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Debian's chromium under playwright-core, in a fresh profile; never a downloaded browser. */
export async function openBrowser(): Promise<{ page: Page; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'canopy-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw new Error(`cannot start /usr/bin/chromium (apt-get install chromium): ${(error as Error).message}`);
  }
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Polls `check` until it holds or `deadlineMs` passes (a functional deadline, not a timing assertion); returns whether it held. */
export async function eventually(check: () => Promise<boolean>, deadlineMs: number): Promise<boolean> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The lines that differ between two texts of the same length in lines (formatting-preserving edits). */
export function changedLines(before: string, after: string): Array<[string, string]> {
  const a = before.split('\n');
  const b = after.split('\n');
  if (a.length !== b.length) throw new Error(`line count changed: ${a.length} -> ${b.length}`);
  return b.flatMap((line, i) => (line === a[i] ? [] : [[a[i]!, line] as [string, string]]));
}
