/**
 * The incident command: `npm run kill -- <route>` against a running stack
 * (the monolith and the users function on their database) sends the route
 * back to the monolith within 5 s, with no deploy and no load-balancer change.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send } from '../support/http.ts';
import { startWorld, type World } from '../support/world.ts';
import { eventually } from './support.ts';
import { tokenHeader } from '../../tools/seed-credentials.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);
let world: World;
const me = () => send(world.functions.users!.url, { path: '/api/users/me/', headers: tokenHeader('alice') });
const answeredBy = async () => ((await me()).headers.server?.[0] === 'gunicorn' ? 'monolith' : 'function');

beforeAll(async () => {
  world = await startWorld(['users']);
});

afterAll(async () => {
  await world?.stop();
});

describe('npm run kill', () => {
  it('sends a served route to the monolith within 5 s of the command', async () => {
    expect(await answeredBy()).toBe('function');
    const { stdout } = await run(`${ROOT}node_modules/.bin/tsx`, ['tools/kill.ts', 'users-me', 'incident 42'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: world.databaseUrl } });
    const flipped = Date.now();
    expect(stdout).toContain('users-me: serve -> bypass; every instance sends it to the monolith within 2 s');
    // The requirement is 5 s from the command; polled, not timed.
    expect(await eventually(async () => (await answeredBy()) === 'monolith', 5000)).toBe(true);
    console.log(`kill switch effective ${Date.now() - flipped} ms after the command returned`);
    const [mode] = await world.sql<{ mode: string; reason: string }[]>`select mode, reason from canopy.route_modes where route_id = 'users-me'`;
    expect(mode).toEqual({ mode: 'bypass', reason: 'kill switch: incident 42' });
    // Only that route: the other route of the function is still served by it.
    const other = await send(world.functions.users!.url, { path: '/api/users/1/', headers: tokenHeader('alice') });
    expect(other.headers.server?.[0]).not.toBe('gunicorn');
  });

  it('refuses an unknown route in one line that lists the routes', async () => {
    const failed = await run(`${ROOT}node_modules/.bin/tsx`, ['tools/kill.ts', 'users-nope'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: world.databaseUrl } }).catch((e: { code: number; stderr: string }) => e);
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr.trim()).toMatch(/^canopy kill: usage: npm run kill -- <route-id> \[reason\]; routes: .*users-me/);
  });
});
