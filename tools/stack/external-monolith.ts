import { resolve } from 'node:path';
import type { FunctionSpec } from '../manifest.ts';
import { loadSettingsExport } from '../settings-export.ts';
import { assertReachable } from './postgres.ts';

/**
 * A monolith the team already runs, instead of the reference one: where it
 * answers, its database, and the settings its `manage.py canopy_export` wrote.
 */
export interface ExternalMonolith {
  url: string;
  databaseUrl: string;
  /** The export's path, absolute: the build embeds it (CANOPY_SETTINGS_EXPORT). */
  settingsExport: string;
}

/** The flags `npm start` and `npm run parity` take for it (parseArgs options). */
export const EXTERNAL_MONOLITH_FLAGS = {
  'monolith-url': { type: 'string', default: process.env.CANOPY_MONOLITH_URL },
  'monolith-database-url': { type: 'string', default: process.env.CANOPY_MONOLITH_DATABASE_URL },
  'settings-export': { type: 'string', default: process.env.CANOPY_SETTINGS_EXPORT },
} as const;

type Flags = { 'monolith-url'?: string; 'monolith-database-url'?: string; 'settings-export'?: string };

/**
 * The external monolith the flags name, or null when they name none (its URL
 * or its database's: a settings export alone is a build option). Each missing
 * piece is one line naming its flag and variable.
 */
export function externalMonolithFrom(flags: Flags): ExternalMonolith | null {
  const url = flags['monolith-url'];
  const databaseUrl = flags['monolith-database-url'];
  if (!url && !databaseUrl) return null;
  if (!url) throw new Error('--monolith-url (CANOPY_MONOLITH_URL) is missing: the URL your monolith answers on, e.g. http://127.0.0.1:8000');
  if (!databaseUrl) throw new Error("--monolith-database-url (CANOPY_MONOLITH_DATABASE_URL) is missing: your monolith's PostgreSQL, e.g. postgres://user:password@127.0.0.1:5432/app");
  const file = flags['settings-export'];
  if (!file) throw new Error('--settings-export (CANOPY_SETTINGS_EXPORT) is missing: the file python manage.py canopy_export --output <file> writes from your monolith');
  return { url, databaseUrl, settingsExport: resolve(file) };
}

/** Checks the monolith answers, its database connects and its export is valid; throws one line saying which is not and what to do. */
export async function assertExternalMonolith(monolith: ExternalMonolith): Promise<void> {
  loadSettingsExport(monolith.settingsExport);
  await fetch(monolith.url, { redirect: 'manual', signal: AbortSignal.timeout(5000) }).catch((error: Error) => {
    throw new Error(`your monolith does not answer at ${monolith.url} (${error.cause instanceof Error ? error.cause.message : error.message}): start it, or fix --monolith-url`);
  });
  await assertReachable(monolith.databaseUrl).catch((error: Error) => {
    throw new Error(`${error.message.replace(/: start it or fix DATABASE_URL$/, '')}: start it, or fix --monolith-database-url`);
  });
}

/**
 * The secrets a function's manifest entry lists, with your monolith's values
 * from the environment (SECRET_KEY: the monolith's own, or no session it
 * signed reads); one line naming the first that is not set.
 */
export function monolithSecrets(spec: Pick<FunctionSpec, 'secrets'>): Record<string, string> {
  return Object.fromEntries(
    spec.secrets.map((name) => {
      const value = process.env[name];
      if (!value) throw new Error(`${name} is not set: give the functions your monolith's value in the environment (the manifest lists it for a function)`);
      return [name, value];
    }),
  );
}
