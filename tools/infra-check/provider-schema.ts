/**
 * The google provider's schema, offline: @cdktf/provider-google is generated
 * from `terraform providers schema -json` of one provider release and ships
 * it as a jsii assembly (.jsii, JSON): every resource and data source is a
 * class whose config struct lists its arguments and nested blocks, each with
 * a link to the Registry page whose anchor is the Terraform name. Nested
 * blocks are struct-typed properties (the generated code's `isBlock`), all
 * other arguments are primitives, lists or maps; a property is required
 * unless it is optional. `terraform validate` would need the provider
 * binary, which cannot be downloaded here.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const PACKAGE = '@cdktf/provider-google';

export interface BlockSchema {
  /** Arguments by Terraform name; true when required. */
  attributes: Map<string, boolean>;
  blocks: Map<string, { required: boolean; schema: () => BlockSchema }>;
}

export interface ProviderSchema {
  /** The google provider release the package was generated from, e.g. "6.50.0". */
  version: string;
  resource(type: string): BlockSchema | undefined;
  dataSource(type: string): BlockSchema | undefined;
  provider(): BlockSchema;
}

interface JsiiType {
  kind: string;
  datatype?: boolean;
  base?: string;
  interfaces?: string[];
  docs?: { summary?: string };
  initializer?: { parameters?: { name: string; type: TypeReference }[] };
  properties?: { name: string; optional?: boolean; docs?: { summary?: string; remarks?: string }; type: TypeReference }[];
}
type TypeReference = { fqn?: string; primitive?: string; collection?: { kind: string; elementtype: TypeReference }; union?: { types: TypeReference[] } };

// The Registry link cdktf writes into every type's and property's docs.
const REGISTRY_LINK = /\{@link https:\/\/registry\.terraform\.io\/providers\/hashicorp\/google\/[^/]+\/docs(?:\/(?:resources|data-sources)\/\w+)?#(\w+) [^}]*\}/;

const snakeCase = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function packageDir(): string {
  try {
    return dirname(createRequire(import.meta.url).resolve(`${PACKAGE}/package.json`));
  } catch {
    throw new Error(`${PACKAGE} is not installed: run npm ci`);
  }
}

let loaded: ProviderSchema | undefined;

/** Reads the assembly once (about 100 MB of JSON, a second to parse). */
export function providerSchema(): ProviderSchema {
  if (loaded) return loaded;
  const dir = packageDir();
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { cdktf: { provider: { version: string } } };
  const types = (JSON.parse(readFileSync(join(dir, '.jsii'), 'utf8')) as { types: Record<string, JsiiType> }).types;

  const isStruct = (ref: TypeReference) => ref.fqn !== undefined && types[ref.fqn]?.datatype === true;
  /** The struct a block property holds: `Struct` (at most one) or `Struct[] | IResolvable`. */
  const blockStruct = (ref: TypeReference): string | undefined => {
    if (isStruct(ref)) return ref.fqn;
    const list = ref.union?.types.find((t) => t.collection?.kind === 'array' && isStruct(t.collection.elementtype));
    return list?.collection?.elementtype.fqn;
  };

  const cache = new Map<string, BlockSchema>();
  const struct = (fqn: string): BlockSchema => {
    const cached = cache.get(fqn);
    if (cached) return cached;
    const schema: BlockSchema = { attributes: new Map(), blocks: new Map() };
    cache.set(fqn, schema);
    // Meta-arguments come from cdktf's own interfaces, which are not the provider's.
    const own = [fqn, ...(types[fqn]!.interfaces ?? []).filter((i) => i in types)];
    for (const property of own.flatMap((name) => types[name]!.properties ?? [])) {
      const docs = `${property.docs?.remarks ?? ''} ${property.docs?.summary ?? ''}`;
      // cdktf renames arguments that clash with its own names (build -> buildAttribute); the link keeps Terraform's.
      const name = REGISTRY_LINK.exec(docs)?.[1] ?? snakeCase(property.name);
      const required = property.optional !== true;
      const nested = blockStruct(property.type);
      if (nested) schema.blocks.set(name, { required, schema: () => struct(nested) });
      else schema.attributes.set(name, required);
    }
    return schema;
  };

  // Resource and data source classes by Terraform type, read from their Registry link.
  const configs = { resources: new Map<string, string>(), 'data-sources': new Map<string, string>() };
  for (const type of Object.values(types)) {
    if (type.kind !== 'class' || (type.base !== 'cdktf.TerraformResource' && type.base !== 'cdktf.TerraformDataSource')) continue;
    const link = /docs\/(resources|data-sources)\/\w+ (\w+)\}/.exec(type.docs?.summary ?? '');
    const config = type.initializer?.parameters?.find((p) => p.name === 'config')?.type.fqn;
    if (link && config) configs[link[1] as keyof typeof configs].set(link[2]!, config);
  }
  const providerConfig = Object.keys(types).find((fqn) => fqn.endsWith('.provider.GoogleProviderConfig'))!;

  loaded = {
    version: manifest.cdktf.provider.version,
    resource: (type) => (configs.resources.has(type) ? struct(configs.resources.get(type)!) : undefined),
    dataSource: (type) => (configs['data-sources'].has(type) ? struct(configs['data-sources'].get(type)!) : undefined),
    provider: () => struct(providerConfig),
  };
  return loaded;
}
