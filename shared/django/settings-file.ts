import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseSettingsExport, type SettingsExport } from './settings-export.ts';

/**
 * The settings export as a file: the one CANOPY_SETTINGS_EXPORT names, else the committed export of
 * the reference monolith on its default configuration (what Cloud Build deploys). Bundles embed it
 * at build time; unbundled code (tools run by tsx, tests) reads it here.
 */
export const COMMITTED_SETTINGS_EXPORT = fileURLToPath(new URL('../../infra/monolith-settings.json', import.meta.url));

export class SettingsExportError extends Error {}

export function settingsExportPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.CANOPY_SETTINGS_EXPORT || COMMITTED_SETTINGS_EXPORT;
}

/** Reads and validates an export; any problem is one line naming the file and what to do. */
export function readSettingsExport(path: string = settingsExportPath()): SettingsExport {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SettingsExportError(`cannot read the settings export ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): set CANOPY_SETTINGS_EXPORT to a file manage.py canopy_export wrote`);
  }
  try {
    return parseSettingsExport(text);
  } catch (error) {
    throw new SettingsExportError(`${path}: ${(error as Error).message}`);
  }
}
