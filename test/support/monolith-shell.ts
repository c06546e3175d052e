import { inject } from 'vitest';
import { DEV_SECRET_KEY, manage } from '../../tools/stack/monolith.ts';
import type { World } from './world.ts';

/**
 * Asks the world's monolith itself (its Django version and configuration,
 * its database) through `manage.py shell`: `code` reads INPUT and prints JSON.
 */
export async function askMonolith<T>(world: World, code: string, input: unknown = null): Promise<T> {
  const env = { databaseUrl: world.databaseUrl, secretKey: DEV_SECRET_KEY, dispatchUrl: 'http://127.0.0.1:9', pythonPath: inject('djangoPythonPath') || undefined };
  const program = `import json\nINPUT = json.loads(${JSON.stringify(JSON.stringify(input))})\n${code}`;
  return JSON.parse(await manage(inject('djangoPython'), env, 'shell', '--verbosity', '0', '-c', program)) as T;
}
