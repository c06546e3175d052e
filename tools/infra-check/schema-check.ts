/**
 * Checks every resource, data and provider block under infra/ against the
 * google provider's schema (provider-schema.ts), as `terraform validate`
 * would with the provider installed: unknown arguments and blocks, missing
 * required ones, blocks written as arguments (`template = {...}`) and
 * arguments written as blocks (`labels { ... }`). Expressions are not
 * evaluated, so a value's type is not checked.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BlockSchema, ProviderSchema } from './provider-schema.ts';
import { configBlocks, INFRA_DIR, type Block, type ConfigBlock } from './terraform.ts';

// Terraform's own meta-arguments (lifecycle and the rest are Terraform's, not the provider's).
const META: Record<ConfigBlock['kind'], Set<string>> = {
  resource: new Set(['count', 'for_each', 'depends_on', 'provider', 'lifecycle', 'provisioner', 'connection']),
  data: new Set(['count', 'for_each', 'depends_on', 'provider', 'lifecycle']),
  provider: new Set(['alias']),
};

const isBlockList = (value: unknown): value is Block[] =>
  Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'object' && item !== null && !Array.isArray(item));

/**
 * The lines of the block's own text. hcl2json renders `name { ... }` and
 * `name = [{ ... }]` alike, so the text tells them apart; `terraform fmt`
 * (checked in terraform.test.ts) makes a nesting depth an indentation.
 */
function sourceLines(root: string, block: ConfigBlock): string[] {
  const lines = readFileSync(join(root, block.file), 'utf8').split('\n');
  const header = block.kind === 'provider' ? `provider "${block.type}" {` : `${block.kind} "${block.type}" "${block.name}" {`;
  const start = lines.indexOf(header);
  const end = lines.indexOf('}', start);
  return start < 0 ? [] : lines.slice(start, end < 0 ? undefined : end);
}

function checkBody(body: Block, schema: BlockSchema, context: { meta: Set<string>; path: string; depth: number; lines: string[] }, report: (path: string, problem: string) => void): void {
  const { path, depth, lines } = context;
  const at = (name: string) => (path ? `${path}.${name}` : name);
  const dynamic = (body.dynamic ?? {}) as Record<string, Block[]>;
  for (const [name, value] of Object.entries(body)) {
    if (context.meta.has(name)) continue;
    if (name === 'dynamic') {
      for (const [blockName, generators] of Object.entries(dynamic)) {
        const nested = schema.blocks.get(blockName);
        if (!nested) {
          report(at(`dynamic "${blockName}"`), schema.attributes.has(blockName) ? 'is an argument, not a block' : 'no such block');
          continue;
        }
        for (const generator of generators) {
          const content = (generator.content as Block[] | undefined)?.[0] ?? {};
          checkBody(content, nested.schema(), { meta: new Set(), path: at(blockName), depth: depth + 2, lines }, report);
        }
      }
      continue;
    }
    const nested = schema.blocks.get(name);
    if (nested) {
      const written = new RegExp(`^ {${2 * depth}}${name}\\s*=`);
      if (!isBlockList(value) || lines.some((line) => written.test(line))) report(at(name), `is a block: write ${name} { ... }, not ${name} = ...`);
      else for (const item of value) checkBody(item, nested.schema(), { meta: new Set(), path: at(name), depth: depth + 1, lines }, report);
    } else if (schema.attributes.has(name)) {
      // No google argument takes a list of objects, so this is `name { ... }`.
      if (isBlockList(value)) report(at(name), `is an argument: write ${name} = ..., not ${name} { ... }`);
    } else {
      report(at(name), 'no such argument or block');
    }
  }
  for (const [name, required] of schema.attributes) if (required && !(name in body)) report(at(name), 'required argument missing');
  for (const [name, nested] of schema.blocks) if (nested.required && !(name in body) && !(name in dynamic)) report(at(name), 'required block missing');
}

/**
 * Every schema mismatch under root, one line each: file, block address, the
 * argument's path in it and what is wrong. Types that are not the google
 * provider's (terraform_data) are Terraform's own and are left out.
 */
export async function schemaFindings(provider: ProviderSchema, root = INFRA_DIR): Promise<string[]> {
  const findings: string[] = [];
  for (const block of await configBlocks(root)) {
    const address = { resource: `${block.type}.${block.name}`, data: `data.${block.type}.${block.name}`, provider: `provider "${block.type}"` }[block.kind];
    const report = (path: string, problem: string) => findings.push(`${block.file}: ${address}${path ? `: ${path}` : ''}: ${problem}`);
    if (block.kind === 'provider' ? block.type !== 'google' : !block.type.startsWith('google_')) continue;
    const schema = { resource: provider.resource, data: provider.dataSource, provider: provider.provider }[block.kind](block.type);
    if (!schema) {
      report('', `google provider ${provider.version} has no ${block.kind === 'data' ? 'data source' : 'resource'} ${block.type}`);
      continue;
    }
    checkBody(block.body, schema, { meta: META[block.kind], path: '', depth: 1, lines: sourceLines(root, block) }, report);
  }
  return findings;
}
