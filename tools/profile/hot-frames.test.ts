import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatHotFrames, hotFrames, readProfile, type CpuProfile } from './hot-frames.ts';

const ROOT = '/repo';
const frame = (functionName: string, url = '', lineNumber = 0) => ({ functionName, url, lineNumber, columnNumber: 0 });

// (root) -> handler (shared/log.ts) -> writev (native); (root) -> helper in a package; the same
// function reached by two paths counts once.
const PROFILE: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 4, 5] },
    { id: 2, callFrame: frame('write', 'file:///repo/shared/log.ts', 2), children: [3] },
    { id: 3, callFrame: frame('writev') },
    { id: 4, callFrame: frame('Result', 'file:///repo/node_modules/postgres/src/result.js', 10), children: [6] },
    { id: 5, callFrame: frame('(idle)') },
    { id: 6, callFrame: frame('write', 'file:///repo/shared/log.ts', 2) },
  ],
  startTime: 0,
  endTime: 10_000,
  samples: [3, 3, 2, 4, 6, 5, 3],
  timeDeltas: [0, 1000, 1000, 2000, 1000, 1000, 1000],
};

describe('hotFrames', () => {
  it('sums self time per function and file over the call tree, hottest first, with the nearest own caller', () => {
    const frames = hotFrames(PROFILE, ROOT);
    expect(frames.map((f) => [f.name, f.location, f.selfMs, f.via])).toEqual([
      ['write', 'shared/log.ts:3', 3, null],
      ['writev', '(native)', 2, 'write shared/log.ts:3'],
      ['Result', 'postgres', 1, null],
      ['(idle)', '', 1, null],
    ]);
    // Sample i lasts until sample i + 1 (the last one has no end): 7 ms in all.
    expect(frames[0]!.share).toBeCloseTo(3 / 7);
    expect(formatHotFrames(frames, 2)).toContain('2.0 ms  28.6 %  writev  (native)  <- write shared/log.ts:3');
  });

  it('refuses a file that is not a CPU profile, saying what is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'canopy-profile-'));
    try {
      writeFileSync(join(dir, 'trace.json'), JSON.stringify({ traceEvents: [] }));
      expect(() => readProfile(join(dir, 'trace.json'))).toThrow(`${join(dir, 'trace.json')} is not a V8 CPU profile: it has no nodes`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
