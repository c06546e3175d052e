/**
 * `npm run budget [-- --tfvars <file>] [--base <git ref>|none]`: the database
 * connection budget for the manifest as it stands, with the figures Terraform's
 * precondition checks (infra/connection-budget.tf): what each function costs,
 * what a function added or resized since `--base` (default main) costs, the
 * headroom, and, over budget, the single cuts that would make room. Exits 1
 * when the manifest does not fit. The variables come from `--tfvars`
 * (default infra/terraform.tfvars, else the example), with variables.tf's defaults.
 */
import { parse } from '@cdktf/hcl2json';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { budgetReport } from './infra-check/budget-report.ts';
import type { BudgetVariables } from './infra-check/connection-budget.ts';
import { INFRA_DIR, loadTerraform } from './infra-check/terraform.ts';
import { loadManifest, parseManifest, type Manifest } from './manifest.ts';

type Vars = Record<string, unknown>;

/** The budget's Terraform variables: the tfvars file's values over variables.tf's defaults. */
export async function budgetVariables(tfvarsPath: string): Promise<BudgetVariables & { max: number }> {
  const root = (await loadTerraform()).get('')!;
  const given = (await parse(tfvarsPath, readFileSync(tfvarsPath, 'utf8'))) as Vars;
  const value = (name: string) => given[name] ?? (root.variables[name] as Vars | undefined)?.default;
  const max = value('db_max_connections');
  if (typeof max !== 'number') throw new Error(`${tfvarsPath}: set db_max_connections (the Cloud SQL instance's max_connections flag)`);
  const pooling = (value('db_pooling') ?? {}) as { mode?: string; server_connections_per_role?: number };
  return {
    max,
    monolith: (value('db_monolith_connections') as number | undefined) ?? 0,
    reserved: value('db_reserved_connections') as number,
    tools: value('db_tool_connections') as Record<string, number>,
    relayPool: value('relay_db_pool_size') as number,
    pooling: pooling.mode === 'transaction' ? { mode: 'transaction', serverConnectionsPerRole: pooling.server_connections_per_role ?? 0 } : { mode: 'off' },
  };
}

/** The manifest at a git ref, or null (with the reason on stderr) when the ref or the file is not there. */
function manifestAt(ref: string): Manifest | null {
  try {
    const text = execFileSync('git', ['show', `${ref}:infra/routes.json`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return parseManifest(text, `${ref}:infra/routes.json`);
  } catch {
    console.error(`canopy budget: no infra/routes.json at ${ref}; nothing to compare with`);
    return null;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { tfvars: { type: 'string' }, base: { type: 'string', default: 'main' } } });
  const own = join(INFRA_DIR, 'terraform.tfvars');
  const tfvars = values.tfvars ?? (existsSync(own) ? own : join(INFRA_DIR, 'terraform.tfvars.example'));
  budgetVariables(tfvars).then(
    (vars) => {
      const { lines, fits } = budgetReport(loadManifest(), vars, values.base === 'none' ? null : manifestAt(values.base!));
      console.log(`(variables from ${tfvars})\n${lines.join('\n')}`);
      process.exitCode = fits ? 0 : 1;
    },
    (error: Error) => {
      console.error(`canopy budget: ${error.message}`);
      process.exit(1);
    },
  );
}
