/**
 * What DRF itself documents for the monolith: `manage.py generateschema
 * --format openapi-json` on Debian's python3 (DRF needs python3-uritemplate
 * and python3-yaml for it). It only imports the project, so the database URL
 * is a placeholder nothing connects to.
 */
import { DEV_SECRET_KEY, findDjangoPython, manage } from '../stack/monolith.ts';

export async function drfSchema(): Promise<Record<string, unknown>> {
  const python = await findDjangoPython();
  if (!python) throw new Error("Debian's Django stack is not installed: apt-get install python3-django python3-djangorestframework python3-uritemplate python3-yaml");
  const env = { databaseUrl: 'postgres://unused@127.0.0.1:9/unused', secretKey: DEV_SECRET_KEY, dispatchUrl: 'http://127.0.0.1:9' };
  let out: string;
  try {
    out = await manage(python, env, 'generateschema', '--format', 'openapi-json');
  } catch (error) {
    const message = (error as Error).message;
    if (message.includes('uritemplate')) throw new Error('DRF needs uritemplate to generate its schema: apt-get install python3-uritemplate');
    throw error;
  }
  return JSON.parse(out) as Record<string, unknown>;
}
