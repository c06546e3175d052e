/**
 * The webhook secret: without it the function refuses to start (in one line that says what to
 * do), and whatever deliveries it handles, its logs never carry it.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DIST } from '../../tools/build.ts';
import { DEV_WEBHOOK_SECRET } from '../../tools/stack/monolith.ts';
import { freePort } from '../../tools/stack/ports.ts';
import { send } from '../support/http.ts';
import { startWorld, type World } from '../support/world.ts';
import { delivery, event, signatureHeader } from './delivery.ts';

const run = promisify(execFile);
let world: World;

beforeAll(async () => {
  world = await startWorld(['payments-webhook']);
});
afterAll(() => world?.stop());

it('refuses to start without PAYMENTS_WEBHOOK_SECRET', async () => {
  const env = { PATH: process.env.PATH!, FUNCTION_TARGET: 'payments-webhook', PORT: String(await freePort()), SECRET_KEY: 'x', DATABASE_URL: world.databaseUrl };
  const failure = await run(process.execPath, ['main.js'], { cwd: join(DIST, 'payments-webhook'), env, timeout: 10_000 }).then(
    () => ({ code: 0, stderr: '' }),
    (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
  );
  expect(failure.code).toBe(1);
  expect(failure.stderr.trim()).toBe(
    "canopy: PAYMENTS_WEBHOOK_SECRET: PAYMENTS_WEBHOOK_SECRET is not set: use the payment provider's signing secret, the monolith's PAYMENTS_WEBHOOK_SECRET (Secret Manager in production)",
  );
});

it('never logs the secret, whatever the delivery', async () => {
  const url = world.functions['payments-webhook']!.url;
  const body = event('evt_secret_log', { order_id: 1, amount: '1.00', currency: 'GBP' });
  for (const header of [signatureHeader(body), signatureHeader(body, 1, 'whsec-wrong'), `t=${'9'.repeat(5000)},v1=0`, 't=1']) {
    await send(url, { ...delivery(body), headers: { ...delivery(body).headers, 'Payment-Signature': header } });
  }
  await send(url, delivery('{"broken'));
  await new Promise((r) => setTimeout(r, 200));
  const output = world.functions['payments-webhook']!.output();
  expect(output).toContain('/api/webhooks/payments/');
  expect(output.includes(DEV_WEBHOOK_SECRET), 'the webhook secret appears in the log').toBe(false);
});
