import { ensureDjango, selectedDjangoVersion, type DjangoVersion } from '../stack/django-versions.ts';
import { DEV_SECRET_KEY, DJANGO_PACKAGES, findDjangoPython, manage } from '../stack/monolith.ts';

/**
 * Runs the reference monolith's manage.py (test/monolith, on `version`, by
 * default the Django CANOPY_DJANGO names, configured by this process's environment). The export
 * and the URL listing read settings and URLconfs only: no database is opened,
 * but the monolith's settings require a URL.
 */
export async function referenceManage(version: DjangoVersion = selectedDjangoVersion()): Promise<(...args: string[]) => Promise<string>> {
  const pythonPath = await ensureDjango(version);
  const python = await findDjangoPython(pythonPath);
  if (!python) throw new Error(`the reference monolith needs Django for Debian's python3: apt-get install ${DJANGO_PACKAGES}`);
  const env = { databaseUrl: 'postgres://canopy@127.0.0.1:9/unused', secretKey: DEV_SECRET_KEY, dispatchUrl: 'http://127.0.0.1:9', pythonPath };
  return (...args) => manage(python, env, ...args);
}
