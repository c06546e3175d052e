/**
 * Every parity and state-parity suite must fail when the function it proves is
 * replaced by one with a planted difference, built with its routes at stage
 * shadow (where a function would forward to the monolith and a careless suite
 * would compare Django with Django). See test/support/planted.ts.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCommand } from './project-copy.ts';

const STATE_PARITY = 'test/async/state-parity.test.ts';
const suitesOf: Record<string, string[]> = {
  users: ['test/parity/users.test.ts'],
  identity: ['test/parity/identity.test.ts'],
  orders: ['test/parity/orders.test.ts', STATE_PARITY],
  'payments-webhook': ['test/parity/payments-webhook.test.ts', STATE_PARITY],
  'order-events': [STATE_PARITY],
  sites: ['test/parity/sites.test.ts'],
};

interface JsonReport {
  testResults: Array<{ name: string; assertionResults: Array<{ status: string; fullName: string }> }>;
}

describe.each(Object.entries(suitesOf))('with a planted difference in %s', (fn, suites) => {
  it(`fails ${suites.join(' and ')} on a compared difference, not on start-up`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'canopy-planted-report-'));
    try {
      const report = join(dir, 'report.json');
      const result = await runCommand(
        'npx',
        ['vitest', 'run', '--project', 'integration', '--reporter=json', `--outputFile=${report}`, ...suites],
        { cwd: ROOT, env: { CANOPY_PLANTED_FUNCTION: fn } },
      );
      expect(result.code, result.output.slice(-2000)).not.toBe(0);
      const { testResults } = JSON.parse(readFileSync(report, 'utf8')) as JsonReport;
      for (const suite of suites) {
        const file = testResults.find((r) => r.name.endsWith(suite));
        // Failed assertions, not a suite that never ran (a hook failure leaves its tests skipped).
        const failed = file?.assertionResults.filter((a) => a.status === 'failed') ?? [];
        expect(failed.length, `${suite} with a planted ${fn}:\n${result.output.slice(-2000)}`).toBeGreaterThan(0);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
