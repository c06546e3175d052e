/**
 * The rollout in production's shape, against a real database: every hold,
 * fail and rollback is announced on a Pub/Sub topic (the emulator) and to an
 * incoming webhook in Slack's and Google Chat's format (a local receiver);
 * with --git-push a step is a commit pushed to the deploy branch from a fresh
 * clone (a local bare repository stands for GitHub).
 */
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PubSub, type Subscription } from '@google-cloud/pubsub';
import type postgres from 'postgres';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { parseDatabaseUrl } from '../../shared/database-url.ts';
import { openSql } from '../../shared/db.ts';
import { startPubSubEmulator, type PubSubEmulator } from '../../tools/pubsub/emulator.ts';
import type { Notice } from '../../tools/rollout/notify.ts';
import { createDatabase, withDatabase } from '../../tools/stack/postgres.ts';
import { freePort } from '../../tools/stack/ports.ts';
import { eventually, manifestCopy } from './support.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);
const TOPIC = 'canopy-rollout-notices';
let emulator: PubSubEmulator;
let pubsub: PubSub;
let subscription: Subscription;
let receiver: Server;
let hookUrl: string;
let databaseUrl: string;
let sql: postgres.Sql;
const posted: Array<{ contentType: string; body: { text: string } }> = [];
const published: Notice[] = [];
const manifest = manifestCopy({ 'users-me': { stage: 'canary', weight: 10 } });

function rollout(...args: string[]) {
  const env = { ...process.env, DATABASE_URL: databaseUrl, PUBSUB_EMULATOR_HOST: emulator.host, GOOGLE_CLOUD_PROJECT: emulator.project };
  return run(`${ROOT}node_modules/.bin/tsx`, ['tools/rollout/main.ts', 'users-me', '--min-requests', '20', '--min-time', '0s', ...args], { cwd: ROOT, env }).then(
    ({ stdout, stderr }) => ({ code: 0, out: stdout + stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, out: error.stdout + error.stderr }),
  );
}

/** n answers per backend; the function's first `fnErrors` are 502s. */
async function observe(n: number, fnErrors: number): Promise<void> {
  const rows = Array.from({ length: n }, (_, i) => [
    { route_id: 'users-me', backend: 'users', status: i < fnErrors ? 502 : 200, latency_ms: 4 + (i % 3) },
    { route_id: 'users-me', backend: 'monolith', status: 200, latency_ms: 40 + (i % 5) },
  ]).flat();
  await sql`insert into canopy.route_observations ${sql(rows)}`;
}

beforeAll(async () => {
  emulator = await startPubSubEmulator({ port: await freePort() });
  pubsub = new PubSub({ projectId: emulator.project, apiEndpoint: emulator.host });
  const [topic] = await pubsub.createTopic(TOPIC);
  [subscription] = await topic.createSubscription(`${TOPIC}-test`);
  subscription.on('message', (m) => (published.push(JSON.parse(m.data.toString())), m.ack()));
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => (posted.push({ contentType: req.headers['content-type'] ?? '', body: JSON.parse(body) }), res.end('ok')));
  });
  const port = await freePort();
  await new Promise<void>((r) => receiver.listen(port, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${port}/hooks/rollout`;
  const dbname = `canopy_${randomBytes(4).toString('hex')}`;
  await createDatabase(inject('pgAdminUrl'), dbname, parseDatabaseUrl(inject('pgTemplateUrl')).database);
  databaseUrl = withDatabase(inject('pgAdminUrl'), dbname);
  sql = openSql(databaseUrl, { max: 2 });
});

beforeEach(async () => {
  await sql`delete from canopy.route_observations`;
  await sql`delete from canopy.route_modes`;
  posted.length = 0;
  published.length = 0;
});

afterAll(async () => {
  await subscription?.close();
  await pubsub?.close();
  await emulator?.stop();
  receiver?.close();
  await sql?.end({ timeout: 1 });
  manifest.remove();
});

const notify = () => ['--manifest', manifest.path, '--notify-webhook', hookUrl, '--notify-topic', TOPIC];

describe('rollout notifications', () => {
  it('announces a hold with the inconclusive gates and why', async () => {
    await observe(5, 0);
    const result = await rollout(...notify());
    expect(result.code).toBe(2);
    expect(await eventually(async () => published.length === 1 && posted.length === 1, 15_000)).toBe(true);
    expect(published[0]).toMatchObject({ route: 'users-me', event: 'hold', position: 'canary 1 % (10/1000)' });
    expect(published[0]!.gates.find((g) => g.gate === 'errors')).toMatchObject({ verdict: 'inconclusive', why: 'too-few-requests' });
    expect(posted[0]!.contentType).toBe('application/json; charset=UTF-8');
    expect(posted[0]!.body.text).toMatch(/^canopy rollout users-me at canary 1 % \(10\/1000\): held: .*errors: inconclusive, too-few-requests: 5 function and 5 monolith requests/);
  });

  it('announces a fail that pauses (--on-fail pause) and changes nothing', async () => {
    await observe(40, 2);
    const before = manifest.text();
    const result = await rollout(...notify(), '--on-fail', 'pause');
    expect(result.out).toContain('PAUSED at canary 1 % (10/1000)');
    expect(result.code).toBe(1);
    expect(await eventually(async () => published.length === 1 && posted.length === 1, 15_000)).toBe(true);
    expect(published[0]).toMatchObject({ event: 'fail', reason: expect.stringContaining('the monolith answered no 5xx') });
    expect(posted[0]!.body.text).toContain('FAILED, paused');
    expect(manifest.text()).toBe(before);
    expect(await sql`select 1 from canopy.route_modes`).toHaveLength(0);
  });

  it('reports a dry-run gate that fails without acting on it', async () => {
    await observe(40, 2);
    const result = await rollout('--manifest', manifest.path, '--check', '--dry-run-gate', 'errors');
    expect(result.out).toMatch(/errors\s+FAIL \[dry run: not acted on\]/);
    expect(result.out).toContain('(check only) advance: canary 1 % (10/1000) -> canary 5 % (50/1000)');
  });
});

describe('rollout --git-push', () => {
  let repo: string;
  let bare: string;
  const git = (dir: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', '-C', dir, ...args], { encoding: 'utf8' }).trim();

  beforeAll(() => {
    const base = mkdtempSync(join(tmpdir(), 'canopy-remote-'));
    repo = join(base, 'work');
    bare = join(base, 'origin.git');
    mkdirSync(join(repo, 'infra'), { recursive: true });
    writeFileSync(join(repo, 'infra', 'routes.json'), manifest.text());
    git(repo, 'init', '--quiet', '--initial-branch=main');
    git(repo, 'add', '.');
    git(repo, 'commit', '--quiet', '-m', 'start');
    execFileSync('git', ['clone', '--quiet', '--bare', repo, bare]);
  });
  afterAll(() => rmSync(join(repo, '..'), { recursive: true, force: true }));

  it('commits the step in a fresh clone and pushes it to the deploy branch; a rollback too, with its notice', async () => {
    await observe(40, 0);
    const step = await rollout('--git-push', bare);
    expect(step.code).toBe(0);
    expect(step.out).toMatch(/pushed [0-9a-f]{40}: rollout: users-me canary 1 % \(10\/1000\) -> canary 5 % \(50\/1000\)/);
    expect(git(bare, 'log', '-1', '--format=%s%n%an', 'main')).toBe('rollout: users-me canary 1 % (10/1000) -> canary 5 % (50/1000)\ncanopy-rollout');
    const pushed = JSON.parse(git(bare, 'show', 'main:infra/routes.json')) as { routes: Array<{ id: string; stage: string; weight: number }> };
    expect(pushed.routes.find((r) => r.id === 'users-me')).toMatchObject({ stage: 'canary', weight: 50 });
    expect(readFileSync(manifest.path, 'utf8')).toContain('"weight": 10,'); // the caller's copy is untouched

    await sql`delete from canopy.route_observations`;
    await observe(40, 3);
    const back = await rollout('--git-push', bare, '--notify-webhook', hookUrl);
    expect(back.code).toBe(1);
    expect(git(bare, 'log', '-1', '--format=%s', 'main')).toBe('rollback: users-me canary 5 % (50/1000) -> off (errors failed)');
    expect(await eventually(async () => posted.length === 1, 15_000)).toBe(true);
    expect(posted[0]!.body.text).toMatch(/^canopy rollout users-me at canary 5 % \(50\/1000\): FAILED, rolled back to off: errors: 5xx function 7\.5 %/);
    const [mode] = await sql<{ mode: string }[]>`select mode from canopy.route_modes where route_id = 'users-me'`;
    expect(mode!.mode).toBe('bypass');
  });
});
