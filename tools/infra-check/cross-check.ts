/**
 * Cross-checks the routes manifest against what must follow it by hand or by
 * generation: a functions/<name>/index.ts per function, and build and deploy
 * steps per function, for the outbox relay and for the API reference's docs
 * service in cloudbuild.yaml. Each problem
 * is one sentence saying exactly what is missing and where.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Manifest } from '../manifest.ts';
import { DOCS_SERVICE, DOCS_STEP_IDS, functionStepIds, GENERATE_COMMAND, RELAY_SERVICE, RELAY_STEP_IDS } from './cloudbuild.ts';

/** Names of the folders under functionsDir that hold an index.ts. */
export function functionFolders(functionsDir: string): string[] {
  if (!existsSync(functionsDir)) return [];
  return readdirSync(functionsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(functionsDir, entry.name, 'index.ts')))
    .map((entry) => entry.name)
    .sort();
}

export function checkFunctionFolders(manifest: Manifest, folders: string[]): string[] {
  const declared = Object.keys(manifest.functions);
  return [
    ...declared
      .filter((name) => !folders.includes(name))
      .map((name) => `function "${name}" is in infra/routes.json but functions/${name}/index.ts does not exist`),
    ...folders
      .filter((name) => !declared.includes(name))
      .map((name) => `functions/${name}/index.ts exists but infra/routes.json has no function "${name}": add it to "functions" there`),
    // Its Cloud Run service, service account and images would be the relay's.
    ...declared
      .filter((name) => name === RELAY_SERVICE)
      .map((name) => `function "${name}" in infra/routes.json has the outbox relay's service name: rename the function`),
    ...declared
      .filter((name) => name === DOCS_SERVICE)
      .map((name) => `function "${name}" in infra/routes.json has the API reference's service name: rename the function`),
  ];
}

/** Step ids declared in a cloudbuild.yaml ("  - id: <id>" lines, as the generator writes them). */
export function cloudbuildStepIds(yaml: string): string[] {
  return [...yaml.matchAll(/^ {2}- id: (\S+)$/gm)].map((m) => m[1]!);
}

export function checkCloudbuild(manifest: Manifest, yaml: string): string[] {
  const ids = cloudbuildStepIds(yaml);
  const names = Object.keys(manifest.functions);
  const missing = names.flatMap((name) =>
    functionStepIds(name)
      .filter((id) => !ids.includes(id))
      .map((id) => `cloudbuild.yaml has no step ${id} for function "${name}": run ${GENERATE_COMMAND}`),
  );
  const relay = RELAY_STEP_IDS.filter((id) => !ids.includes(id)).map(
    (id) => `cloudbuild.yaml has no step ${id} for the outbox relay: run ${GENERATE_COMMAND}`,
  );
  const docs = DOCS_STEP_IDS.filter((id) => !ids.includes(id)).map(
    (id) => `cloudbuild.yaml has no step ${id} for the API reference: run ${GENERATE_COMMAND}`,
  );
  const services = [...RELAY_STEP_IDS, ...DOCS_STEP_IDS];
  const stale = ids
    .filter((id) => /^(image|deploy|smoke|promote)-/.test(id) && !services.includes(id) && !names.some((name) => functionStepIds(name).includes(id)))
    .map((id) => `cloudbuild.yaml has step ${id} for a function not in infra/routes.json: run ${GENERATE_COMMAND}`);
  return [...missing, ...relay, ...docs, ...stale];
}
