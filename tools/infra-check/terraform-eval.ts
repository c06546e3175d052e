/**
 * Evaluates Terraform expressions with the real Terraform binary, offline: the
 * locals and variables they read are copied, in Terraform's JSON syntax, into
 * a throw-away folder that needs no provider, and `terraform console` prints
 * each value. This is how the tests prove that the TypeScript mirrors compute
 * what the checked-in Terraform computes.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expression, type Block, type TerraformModule } from './terraform.ts';

/** Terraform's environment without a CLI config file (it warns on stderr when ~/.terraformrc is missing). */
function terraformEnv(): NodeJS.ProcessEnv {
  return { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null', TF_IN_AUTOMATION: '1' };
}

/** What a machine without terraform is told, once per check that needs it. */
export const TERRAFORM_MISSING =
  "terraform is not installed: the Terraform checks need terraform 1.5+ on PATH (.ci/install adds HashiCorp's apt repository; the build's image copies it from hashicorp/terraform)";

/** Runs terraform offline; a missing binary is one line saying what to install, not a spawn error. */
export function runTerraform(args: string[], options: { cwd?: string; input?: string } = {}): string {
  try {
    return execFileSync('terraform', args, { ...options, env: terraformEnv(), encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(TERRAFORM_MISSING);
    throw error;
  }
}

const references = (text: string, kind: 'local' | 'var') => [...text.matchAll(new RegExp(`\\b${kind}\\.([a-z_][a-z0-9_]*)`, 'g'))].map((m) => m[1]!);

/** The locals the expressions read and the variables they all read, transitively. */
function pick(module: TerraformModule, expressions: string[]): { locals: Block; variables: Block } {
  const locals: Block = {};
  const pending = expressions.flatMap((e) => references(e, 'local'));
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (name in locals) continue;
    if (!(name in module.locals)) throw new Error(`infra/${module.dir}: no local "${name}"`);
    locals[name] = module.locals[name];
    pending.push(...references(JSON.stringify(module.locals[name]), 'local'));
  }
  const variables: Block = {};
  // A variable's validation may read other variables.
  const wanted = references(JSON.stringify([locals, expressions]), 'var');
  while (wanted.length > 0) {
    const name = wanted.pop()!;
    if (name in variables) continue;
    const declared = module.variables[name];
    if (!declared) throw new Error(`infra/${module.dir}: no variable "${name}"`);
    // In the JSON syntax a variable's type is a bare type expression, not a template. A sensitive
    // variable would make the console print "(sensitive value)": here the values are test inputs.
    const { sensitive: _sensitive, ...shown } = declared;
    variables[name] = { ...shown, type: expression(declared.type) };
    wanted.push(...references(JSON.stringify(declared), 'var'));
  }
  return { locals, variables };
}

/**
 * Evaluates expressions (e.g. "local.route_rules") against a module's locals
 * and variables, with variable values `vars` and extra files (e.g. routes.json
 * for file("${path.module}/routes.json")). Returns the values as JSON.
 */
export function evaluate(
  module: TerraformModule,
  expressions: string[],
  options: { vars?: Record<string, unknown>; files?: Record<string, string> } = {},
): unknown[] {
  const dir = mkdtempSync(join(tmpdir(), 'canopy-tf-'));
  try {
    const { locals, variables } = pick(module, expressions);
    // The JSON syntax rejects an empty block, so leave out what is empty.
    const config = { ...(Object.keys(locals).length > 0 && { locals }), ...(Object.keys(variables).length > 0 && { variable: variables }) };
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(config));
    writeFileSync(join(dir, 'terraform.tfvars.json'), JSON.stringify(options.vars ?? {}));
    for (const [name, text] of Object.entries(options.files ?? {})) writeFileSync(join(dir, name), text);
    // Piped, the console prints only the last result: ask for one tuple, on one line.
    const output = runTerraform(['console'], { cwd: dir, input: `jsonencode([${expressions.join(', ').replace(/\n/g, ' ')}])` });
    // The result is printed as a quoted string holding the JSON.
    return JSON.parse(JSON.parse(output.trim()) as string) as unknown[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
