/**
 * CANOPY_MONOLITH_CONFIG names the reference monolith's configuration; any
 * other value than the two it has stops the monolith (manage.py and
 * gunicorn) and the tools with one line, instead of starting the default.
 */
import { inject, expect, it } from 'vitest';
import { MONOLITH_CONFIGS, selectedMonolithConfig, type MonolithConfig } from '../../tools/stack/monolith-config.ts';
import { DEV_SECRET_KEY, manage, startMonolith, type MonolithEnv } from '../../tools/stack/monolith.ts';
import { freePort } from '../../tools/stack/ports.ts';

const LINE = "CANOPY_MONOLITH_CONFIG is 'altenate': use default or alternate (or leave it unset)";
const env = (config: string): MonolithEnv => ({
  databaseUrl: inject('pgTemplateUrl'),
  secretKey: DEV_SECRET_KEY,
  dispatchUrl: 'http://127.0.0.1:9',
  pythonPath: inject('djangoPythonPath') || undefined,
  config: config as MonolithConfig, // an operator's typo, as the environment would carry it
});

it('the tools take the two configurations and refuse a typo in one line', () => {
  expect(MONOLITH_CONFIGS.map((c) => selectedMonolithConfig(c))).toEqual(['default', 'alternate']);
  expect(selectedMonolithConfig('')).toBe('default');
  expect(() => selectedMonolithConfig('altenate')).toThrow(new Error(LINE));
});

it('manage.py and gunicorn refuse a typo with that line and start nothing', async () => {
  const refused = await manage(inject('djangoPython'), env('altenate'), 'check').then(
    () => 'started',
    (error: Error) => error.message,
  );
  expect(refused).toBe(`manage.py check failed:\n${LINE}.\n`);
  const served = await startMonolith(inject('djangoPython'), env('altenate'), { port: await freePort(), workers: 1 }).then(
    async (service) => (await service.stop(), 'started'),
    (error: Error) => error.message,
  );
  expect(served).toContain(`${LINE}.`);
  expect(await manage(inject('djangoPython'), env('alternate'), 'check')).toContain('no issues');
}, 120_000);
