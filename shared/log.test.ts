import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { log } from './log.ts';

const turn = () => new Promise((r) => setImmediate(r));

describe('log', () => {
  it("writes a turn's lines in one write, each a JSON entry with its severity, after the turn", async () => {
    const written = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      log.info('first', { n: 1 });
      log.warning('second');
      log.error('third', { error: 'boom' });
      expect(written).not.toHaveBeenCalled();
      await turn();
      expect(written).toHaveBeenCalledTimes(1);
      const lines = String(written.mock.calls[0]![0]).split('\n');
      expect(lines.pop()).toBe('');
      expect(lines.map((line) => JSON.parse(line))).toEqual([
        { severity: 'INFO', message: 'first', n: 1 },
        { severity: 'WARNING', message: 'second' },
        { severity: 'ERROR', message: 'third', error: 'boom' },
      ]);
      log.info('next turn');
      await turn();
      expect(written).toHaveBeenCalledTimes(2);
    } finally {
      written.mockRestore();
    }
  });

  it('writes what is left when the process exits in the same turn', async () => {
    const module = fileURLToPath(new URL('./log.ts', import.meta.url));
    const script = `const { log } = await import(${JSON.stringify(module)}); log.info('last words'); process.exit(0);`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]);
    expect(JSON.parse(stdout)).toEqual({ severity: 'INFO', message: 'last words' });
  });
});
