import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSettingsExport } from '../settings-export.ts';
import type { DjangoVersion } from './django-versions.ts';
import { manage, type MonolithEnv } from './monolith.ts';
import { selectedMonolithConfig, type MonolithConfig } from './monolith-config.ts';
import { STATE_DIR } from './state.ts';


/**
 * Exports the settings of the monolith the stack or the test world runs
 * (`manage.py canopy_export`), validates them, and writes them under .canopy/,
 * one file per Django version and configuration (written whole, so parallel
 * runs never read half a file). Returns the path, for CANOPY_SETTINGS_EXPORT.
 */
export async function exportMonolithSettings(python: string, env: MonolithEnv, version: DjangoVersion, config: MonolithConfig = env.config ?? selectedMonolithConfig()): Promise<string> {
  const path = join(STATE_DIR, `monolith-settings.${version}.${config}.json`);
  const partial = `${path}.${process.pid}`;
  mkdirSync(STATE_DIR, { recursive: true });
  writeFileSync(partial, await manage(python, env, 'canopy_export'));
  loadSettingsExport(partial);
  renameSync(partial, path);
  return path;
}
