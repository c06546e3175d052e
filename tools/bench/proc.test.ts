import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { readProcesses } from './proc.ts';

describe('CPU time of process trees', () => {
  it('covers a root and its descendants, from /proc, and nothing once they are gone', async () => {
    // A child that burns CPU, then starts a grandchild and says so.
    const script = `const end = Date.now() + 300; while (Date.now() < end); require('child_process').spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' }); console.log('ready');`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await once(child.stdout!, 'data');
      const tree = (await readProcesses())([child.pid!, 2 ** 22 + 1]); // the second root does not exist
      expect(tree.size).toBe(2);
      expect(tree.get(child.pid!)).toBeGreaterThanOrEqual(200);
      const [grandchild] = [...tree.keys()].filter((pid) => pid !== child.pid);
      expect(tree.get(grandchild!)).toBeGreaterThanOrEqual(0);
      process.kill(grandchild!);
    } finally {
      child.kill();
    }
    await once(child, 'exit');
    expect((await readProcesses())([child.pid!]).size).toBe(0);
  });
});
