/**
 * A bad DATABASE_URL stops start-up with one line naming the problem, never a
 * stack trace: in a function's container (its built bundle, as Cloud Run
 * starts it), in db:migrate and modes (Cloud Build's steps) and in the relay.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DIST } from '../../tools/build.ts';
import { DEV_SECRET_KEY } from '../../tools/stack/monolith.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = join(ROOT, 'node_modules/.bin/tsx');

/** Runs a command to its end (bounded), returning its exit code and stderr. */
function outcome(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { ...options, timeout: 30_000 }, (error, _stdout, stderr) => resolve({ code: error ? (error as { code?: number }).code ?? null : 0, stderr }));
  });
}

const BAD_URLS: [string, string][] = [
  ['postgres://canopy:pw@/orders', 'no host'],
  ['postgres://canopy:pw@/orders?hots=/cloudsql/canopy-prod:europe-west1:monolith', 'unsupported parameter "hots"'],
  ['postgres://canopy:pw@10.0.0.3:5432/orders?sslmode=verify-full&sslrootcert=/secrets/nowhere/server-ca.pem', 'cannot read sslrootcert /secrets/nowhere/server-ca.pem'],
];

function expectOneLine(result: { code: number | null; stderr: string }, problem: string) {
  expect(result.code).not.toBe(0);
  const lines = result.stderr.trim().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toContain('DATABASE_URL: ');
  expect(lines[0]).toContain(problem);
  expect(lines[0]).not.toContain('pw@'); // never the password
}

describe('a bad DATABASE_URL stops start-up with one line', () => {
  it.each(BAD_URLS)('a function bundle, given %s', async (url, problem) => {
    const env = { PATH: process.env.PATH, NODE_ENV: 'production', FUNCTION_TARGET: 'users', PORT: '0', DATABASE_URL: url, SECRET_KEY: DEV_SECRET_KEY };
    expectOneLine(await outcome(process.execPath, ['main.js'], { cwd: join(DIST, 'users'), env }), problem);
  });

  it.each([
    ['db:migrate', ['tools/db-migrate.ts']],
    ['modes sync', ['tools/modes.ts', 'sync']],
    ['the relay', ['tools/relay/main.ts']],
  ])('%s', async (_name, args) => {
    const [url, problem] = BAD_URLS[0]!;
    const env = { PATH: process.env.PATH, DATABASE_URL: url, PUBSUB_EMULATOR_HOST: '127.0.0.1:9' };
    expectOneLine(await outcome(TSX, args, { cwd: ROOT, env }), problem);
  });
});
