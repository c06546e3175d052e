/**
 * `npm run profile -- users users-detail` end to end: the bench's world
 * (PostgreSQL seeded by Django, alice logged in through the monolith), the
 * users function under load with V8's profiler, a .cpuprofile that is a real
 * one, and a summary that names frames of the function's own code.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { loadManifest } from '../../tools/manifest.ts';
import { hotFrames, readProfile } from '../../tools/profile/hot-frames.ts';

const run = promisify(execFile);
const out = mkdtempSync(join(tmpdir(), 'canopy-profile-'));
const ROOT = new URL('../..', import.meta.url).pathname;

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('npm run profile', () => {
  it('writes a V8 CPU profile of the function under load and prints its hottest frames, its own code among them', async () => {
    const { stdout } = await run('npx', ['tsx', 'tools/profile/main.ts', 'users', 'users-detail', '--seconds', '5', '--concurrency', '4', '--top', '200', '--out', out], {
      cwd: ROOT,
      maxBuffer: 16 << 20,
      timeout: 240_000,
    });
    const file = join(out, 'users-users-detail.cpuprofile');
    const profile = readProfile(file);
    expect(profile.samples.length).toBeGreaterThan(1000);
    expect(profile.nodes.some((node) => node.callFrame.functionName === '(root)')).toBe(true);
    // Every answer of the load was a 200: the profile is of the view serving, not of errors.
    expect(stdout).toMatch(/users under users-detail: \d+ answers in [\d.]+ s \(\d+ × 200\), 4 clients/);
    // Frames are named by original file (through the bundle's source map) and function, the view's among them.
    const frames = hotFrames(profile, ROOT);
    expect(frames.some((f) => f.location.startsWith('functions/users/views.ts:'))).toBe(true);
    expect(stdout).toMatch(/^\s+[\d.]+ ms\s+[\d.]+ %\s+\S+\s+functions\/users\/views\.ts:\d+/m);
    expect(stdout).toMatch(/^\s+[\d.]+ ms\s+[\d.]+ %\s+dispatch\s+shared\/drf\/view\.ts:\d+/m);
    expect(readFileSync(file.replace(/\.cpuprofile$/, '.txt'), 'utf8')).toContain('hottest in functions/ and shared/:');
  }, 300_000);

  it('says in one line what to do with a function or scenario it does not know', async () => {
    const failure = (args: string[]) => run('npx', ['tsx', 'tools/profile/main.ts', ...args], { cwd: ROOT }).then(() => 'exited 0', (e: { stderr: string }) => e.stderr.trim());
    // Every function the manifest lists, in its order: one added there is offered at once.
    const functions = Object.keys(loadManifest().functions).join(', ');
    expect(await failure(['reports'])).toBe(`canopy profile: reports is not a function of the routes manifest: use one of ${functions}`);
    expect(await failure(['users', 'checkout'])).toBe('canopy profile: users has no scenario checkout: use one of users-detail, users-me, probe');
    expect(await failure(['sites', 'checkout'])).toBe('canopy profile: sites has no scenario checkout: use one of sites-list, probe');
  });
});
