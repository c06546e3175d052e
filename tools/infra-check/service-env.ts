/**
 * What Terraform gives each function's Cloud Run container, rendered by
 * Terraform itself (`terraform console` on infra/'s locals, no provider): the
 * plain variables, the names of the variables Cloud Run fills from Secret
 * Manager, and the Cloud SQL instance mounted at /cloudsql. Tests start the
 * built functions with exactly this.
 */
import { readFileSync } from 'node:fs';
import { MANIFEST_PATH } from '../manifest.ts';
import { loadTerraform } from './terraform.ts';
import { evaluate } from './terraform-eval.ts';

export interface FunctionRuntime {
  /** Plain variables on the container (local.container_env). */
  env: Record<string, string>;
  /** Variables Cloud Run fills from Secret Manager before the process starts, each with its secret (module.secrets key). */
  secrets: Record<string, string>;
}

export interface Runtime {
  functions: Record<string, FunctionRuntime>;
  /** project:region:instance, whose socket Cloud Run serves in /cloudsql/<it>. */
  cloudSqlInstance: string;
  projectId: string;
}

/** Renders the runtime for variable values `vars` (as in production.tfvars) and the checked-in routes manifest. */
export async function renderRuntime(vars: Record<string, unknown>): Promise<Runtime> {
  const root = (await loadTerraform()).get('')!;
  const [env, functions, cloudSqlInstance, projectId] = evaluate(
    root,
    ['local.container_env', 'local.functions', 'var.cloud_sql_instance', 'var.project_id'],
    { vars, files: { 'routes.json': readFileSync(MANIFEST_PATH, 'utf8') } },
  ) as [Record<string, Record<string, string>>, Record<string, { secrets: Record<string, string> }>, string, string];
  return {
    functions: Object.fromEntries(Object.entries(functions).map(([name, f]) => [name, { env: env[name]!, secrets: f.secrets }])),
    cloudSqlInstance,
    projectId,
  };
}
