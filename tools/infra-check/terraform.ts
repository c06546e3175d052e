/**
 * Reads infra/ as Terraform sees it: every .tf file parsed with HashiCorp's own
 * HCL parser (@cdktf/hcl2json, compiled to WebAssembly, so it needs no network
 * and no provider), grouped by module folder. Bodies are in Terraform's JSON
 * syntax: blocks are arrays, expressions are "${...}" strings.
 */
import { parse } from '@cdktf/hcl2json';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const INFRA_DIR = fileURLToPath(new URL('../../infra', import.meta.url));

export type Block = Record<string, unknown>;

export interface TerraformModule {
  /** Folder relative to infra/: '' for the root, 'modules/<name>' for a module. */
  dir: string;
  /** By "type.name". */
  resources: Record<string, Block>;
  modules: Record<string, Block>;
  variables: Record<string, Block>;
  outputs: Record<string, Block>;
  locals: Record<string, unknown>;
}

/** Every .tf file under root, relative paths, skipping .terraform. */
export function terraformFiles(root = INFRA_DIR): string[] {
  return (readdirSync(root, { recursive: true }) as string[])
    .filter((path) => path.endsWith('.tf') && !path.split('/').includes('.terraform'))
    .sort();
}

/** Parses every .tf file under root; a syntax error names the file and position. */
export async function loadTerraform(root = INFRA_DIR): Promise<Map<string, TerraformModule>> {
  const modules = new Map<string, TerraformModule>();
  for (const path of terraformFiles(root)) {
    const body = (await parse(path, readFileSync(join(root, path), 'utf8'))) as Record<string, unknown>;
    const dir = dirname(path) === '.' ? '' : dirname(path);
    const module = modules.get(dir) ?? { dir, resources: {}, modules: {}, variables: {}, outputs: {}, locals: {} };
    modules.set(dir, module);
    for (const [type, byName] of Object.entries((body.resource ?? {}) as Record<string, Record<string, Block[]>>)) {
      for (const [name, blocks] of Object.entries(byName)) module.resources[`${type}.${name}`] = blocks[0]!;
    }
    for (const [kind, target] of [['module', module.modules], ['variable', module.variables], ['output', module.outputs]] as const) {
      for (const [name, blocks] of Object.entries((body[kind] ?? {}) as Record<string, Block[]>)) target[name] = blocks[0]!;
    }
    for (const locals of (body.locals ?? []) as Block[]) Object.assign(module.locals, locals);
  }
  return modules;
}

/** A resource, data source or provider block as written in one file. */
export interface ConfigBlock {
  /** Relative to root. */
  file: string;
  kind: 'resource' | 'data' | 'provider';
  /** "google_pubsub_topic", or the provider's name. */
  type: string;
  /** The block's name label; '' for a provider. */
  name: string;
  body: Block;
}

/** Every resource, data and provider block under root, each with the file it is in. */
export async function configBlocks(root = INFRA_DIR): Promise<ConfigBlock[]> {
  const found: ConfigBlock[] = [];
  for (const file of terraformFiles(root)) {
    const body = (await parse(file, readFileSync(join(root, file), 'utf8'))) as Record<string, unknown>;
    for (const kind of ['resource', 'data'] as const) {
      for (const [type, byName] of Object.entries((body[kind] ?? {}) as Record<string, Record<string, Block[]>>)) {
        for (const [name, blocks] of Object.entries(byName)) found.push(...blocks.map((b) => ({ file, kind, type, name, body: b })));
      }
    }
    for (const [type, blocks] of Object.entries((body.provider ?? {}) as Record<string, Block[]>)) {
      found.push(...blocks.map((b) => ({ file, kind: 'provider' as const, type, name: '', body: b })));
    }
  }
  return found;
}

/** The first nested block of that name (HCL blocks are arrays in the JSON form). */
export function block(parent: Block | undefined, name: string): Block | undefined {
  return (parent?.[name] as Block[] | undefined)?.[0];
}

/** The expression inside a "${...}" string, or the literal as text. */
export function expression(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.startsWith('${') && text.endsWith('}') ? text.slice(2, -1) : text;
}
