/**
 * The test commands themselves: in a throw-away copy of the project, a planted
 * failing test in each vitest project makes its command exit non-zero, and a
 * planted passing one exits 0. CI's own guard (.ci/run-suite) fails on a
 * summary that reports a failure even when the command exits 0.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyProject, ROOT, runCommand, type ProjectCopy } from './project-copy.ts';

let copy: ProjectCopy;
beforeAll(() => {
  copy = copyProject();
});
afterAll(() => copy?.remove());

const planted = (assertion: string) => `import { expect, it } from 'vitest';\nit('planted', () => { ${assertion}; });\n`;

// Each project's command, and where a test file of that project lives.
const projects = [
  { project: 'unit', file: 'shared/planted-canary.test.ts', script: 'npm test' },
  { project: 'integration', file: 'test/planted-canary.test.ts', script: 'npm test' },
  { project: 'reliability', file: 'test/reliability/planted-canary.test.ts', script: 'npm run test:reliability' },
];

describe.each(projects)('$script with a planted $project test', ({ file, script }) => {
  const command = script.split(' ').slice(1);
  it('exits non-zero when the test fails', async () => {
    copy.write(file, planted('expect(1).toBe(2)'));
    const result = await runCommand('npm', [...command, '--', file], { cwd: copy.dir });
    expect(result.output).toMatch(/Tests\s+1 failed/);
    expect(result.code).not.toBe(0);
  });

  it('exits 0 when the test passes', async () => {
    copy.write(file, planted('expect(1).toBe(1)'));
    const result = await runCommand('npm', [...command, '--', file], { cwd: copy.dir });
    expect(result.output).toMatch(/Tests\s+1 passed/);
    expect(result.code).toBe(0);
  });
});

describe('CI guard (.ci/run-suite)', () => {
  const guard = (script: string) => runCommand('bash', ['.ci/run-suite', 'sh', '-c', script], { cwd: ROOT });

  it('fails a command that exits 0 while its summary reports a failed test', async () => {
    expect((await guard("printf ' Test Files  1 failed (1)\\n      Tests  1 failed (1)\\n'")).code).toBe(1);
  });

  it('fails a command that exits 0 while its summary reports an error', async () => {
    expect((await guard("printf '      Tests  2 passed (2)\\n     Errors  1 error\\n'")).code).toBe(1);
  });

  it('fails a command that printed no summary at all', async () => {
    expect((await guard('exit 0')).code).toBe(1);
  });

  it('keeps a failing exit code', async () => {
    expect((await guard("printf '      Tests  2 passed (2)\\n'; exit 3")).code).toBe(3);
  });

  it('passes a command whose summary reports only passes', async () => {
    expect((await guard("printf ' Test Files  2 passed (2)\\n      Tests  3 passed | 1 skipped (4)\\n'")).code).toBe(0);
  });
});
