import { startDispatchStub } from '../stack/dispatch-stub.ts';
import { freePort } from '../stack/ports.ts';
import { onCleanup } from './cleanup.ts';
import type { BenchEnvironment } from './environment.ts';

/**
 * Starts the dispatch partner stand-in (in this process; it only sleeps, then
 * answers) on a free port, and returns the environment whose monolith calls
 * it, plus a function that stops it.
 */
export async function withDispatchPartner(env: BenchEnvironment, latencyMs: number): Promise<{ env: BenchEnvironment; stop: () => Promise<void> }> {
  const stub = await startDispatchStub(await freePort(), latencyMs);
  const stop = onCleanup('the dispatch partner stand-in', () => stub.close());
  return { env: { ...env, monolithEnv: { ...env.monolithEnv, dispatchUrl: stub.url } }, stop };
}
