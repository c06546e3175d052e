/**
 * A function's bundle is a Functions Framework function: `functions-framework
 * --target=<name>` (its image's `npm run start:framework`) serves the bundle's
 * export and answers as the container's minimal entrypoint does, though the
 * bundle never loads the framework itself. And the entrypoint's start-up line
 * says where the cold start went.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadManifest } from '../../tools/manifest.ts';
import { tokenHeader } from '../../tools/seed-credentials.ts';
import { devSecrets, startFunctionUnderFramework } from '../../tools/stack/functions.ts';
import { freePort } from '../../tools/stack/ports.ts';
import type { Service } from '../../tools/stack/processes.ts';
import { send } from '../support/http.ts';
import { startWorld, type World } from '../support/world.ts';

let world: World;
let framework: Service;

beforeAll(async () => {
  world = await startWorld(['users']);
  const extra = { ...devSecrets(loadManifest().functions.users!), MONOLITH_URL: world.monolith.url };
  framework = await startFunctionUnderFramework('users', { databaseUrl: world.databaseUrl, extra }, { port: await freePort() });
});
afterAll(async () => {
  await framework?.stop();
  await world?.stop();
});

describe('the minimal entrypoint', () => {
  // First: the output kept is the last 8,000 characters, and every request logs a line.
  it('logs its cold start phases, and its use of the code cache, on its start-up line', () => {
    const line = world.functions.users!.output().split('\n').find((l) => l.includes('listening on'));
    const { startup, codeCache } = JSON.parse(line!) as { startup: Record<string, number>; codeCache: string };
    // The build wrote the bundle's code cache with this machine's Node, so V8 takes it.
    expect(codeCache).toBe('used');
    expect(Object.keys(startup)).toEqual(['bootMs', 'importMs', 'configMs', 'routesMs', 'listenMs']);
    for (const ms of Object.values(startup)) expect(ms).toBeGreaterThanOrEqual(0);
    // The handler with its first query (the route modes) cannot take no time at all.
    expect(startup.routesMs).toBeGreaterThan(0);
  });
});

describe('users under the Functions Framework', () => {
  it.each([
    ['its own record', '/api/users/me/', tokenHeader('alice')],
    ['another user, by a customer', '/api/users/1/', tokenHeader('alice')],
    ['no credentials', '/api/users/me/', {}],
    ['a bad token', '/api/users/me/', { Authorization: 'Token nope' }],
  ])('answers %s as the minimal entrypoint does', async (_, path, headers) => {
    const [viaFramework, viaEntrypoint] = await Promise.all([send(framework.url, { path, headers }), send(world.functions.users!.url, { path, headers })]);
    expect(viaFramework.status).toBe(viaEntrypoint.status);
    expect(viaFramework.headers['content-type']).toEqual(viaEntrypoint.headers['content-type']);
    expect(viaFramework.body.toString()).toBe(viaEntrypoint.body.toString());
  });
});
