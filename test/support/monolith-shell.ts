import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { parseSettingsExport, type SettingsExport } from '../../shared/django/settings-export.ts';
import { DEV_SECRET_KEY, manage } from '../../tools/stack/monolith.ts';

/** The settings export of the monolith this run started (what every bundle of the run embeds). */
export function runSettings(): SettingsExport {
  return parseSettingsExport(readFileSync(inject('settingsExport'), 'utf8'));
}

/**
 * Runs `code` in the run's monolith (`manage.py shell`: its Django, its settings, the given database)
 * with `input` bound to INPUT, and returns the JSON the code prints: the monolith itself as the oracle,
 * whichever Django version the run is on.
 */
export async function monolithShell<T>(databaseUrl: string, code: string, input: unknown = null): Promise<T> {
  const env = { databaseUrl, secretKey: DEV_SECRET_KEY, dispatchUrl: 'http://127.0.0.1:9', pythonPath: inject('djangoPythonPath') || undefined };
  const prelude = `import json\nINPUT = json.loads(${JSON.stringify(JSON.stringify(input))})\n`;
  return JSON.parse(await manage(inject('djangoPython'), env, 'shell', '--verbosity', '0', '-c', prelude + code)) as T;
}
