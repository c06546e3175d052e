import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { unmirroredHashers } from '../shared/django/hashers/configured.ts';
import { parseSettingsExport, type SettingsExport } from '../shared/django/settings-export.ts';

/**
 * The settings export a build embeds (shared/django/monolith-settings.ts reads
 * it at run time): the file CANOPY_SETTINGS_EXPORT names, else the committed
 * export of the reference monolith on its default configuration (what Cloud
 * Build deploys).
 */
export const COMMITTED_SETTINGS_EXPORT = fileURLToPath(new URL('../infra/monolith-settings.json', import.meta.url));

export class SettingsExportError extends Error {}

export function settingsExportPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.CANOPY_SETTINGS_EXPORT || COMMITTED_SETTINGS_EXPORT;
}

/** Reads and validates an export; any problem is one line naming the file and what to do. */
export function loadSettingsExport(path: string = settingsExportPath()): SettingsExport {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SettingsExportError(`cannot read the settings export ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): set CANOPY_SETTINGS_EXPORT to a file manage.py canopy_export wrote`);
  }
  let exported: SettingsExport;
  try {
    exported = parseSettingsExport(text);
  } catch (error) {
    throw new SettingsExportError(`${path}: ${(error as Error).message}`);
  }
  const refused = unhonoured(exported);
  if (refused.length) throw new SettingsExportError(`${path}: ${refused.join('; ')}`);
  return exported;
}

/** What the export asks that the functions cannot do (canopy_export refuses most of it already; a hand-edited file may not). */
function unhonoured(exported: SettingsExport): string[] {
  return unmirroredHashers(exported.password_hashers);
}
