import { cruise, type IForbiddenRuleType, type IViolation } from 'dependency-cruiser';

/**
 * shared/'s layers, lowest first: a module may import its own layer and the ones below it, never
 * one above. The functions sit on top. Paths are relative to the repository root.
 */
export const LAYERS: ReadonlyArray<{ name: string; path: string; pathNot?: string }> = [
  { name: 'python', path: '^shared/python/' }, // CPython's semantics: int(), str, json, codecs, urllib
  { name: 'base', path: '^shared/[^/]+\\.ts$', pathNot: '^shared/(function|entrypoint)\\.ts$' }, // config, db, log, secrets
  { name: 'django', path: '^shared/django/' },
  { name: 'http', path: '^shared/http/' }, // the request vocabulary: types, context, headers, errors, responses
  { name: 'auth', path: '^shared/auth/' },
  { name: 'drf', path: '^shared/drf/' },
  { name: 'domain', path: '^shared/(events|orders|parity)/' }, // the order event, one order's lookup, the parity comparison
  { name: 'pipeline', path: '^shared/pipeline/' }, // handler, middleware, node adapter
  { name: 'modes', path: '^shared/modes/' },
  { name: 'function', path: '^shared/(function|entrypoint)\\.ts$' },
  { name: 'functions', path: '^functions/' },
];

const TESTS = '\\.test\\.ts$';

function upwardRules(): IForbiddenRuleType[] {
  return LAYERS.slice(0, -1).map((layer, i) => ({
    name: `${layer.name}-points-down`,
    comment: `${layer.name} may import only ${LAYERS.slice(0, i + 1).map((l) => l.name).join(', ')}`,
    severity: 'error',
    from: { path: layer.path, ...(layer.pathNot ? { pathNot: layer.pathNot } : {}) },
    to: { path: LAYERS.slice(i + 1).map((above) => `(${above.path})`).join('|') },
  }));
}

/** Every rule the tree keeps: layers point down, shared/ stays shared, oracles only in tests, functions stand alone. */
export const RULES: IForbiddenRuleType[] = [
  ...upwardRules(),
  {
    name: 'shared-stays-shared',
    comment: 'shared/ is what functions, tools and tests build on; it imports none of them',
    severity: 'error',
    from: { path: '^shared/' },
    to: { path: '^(functions|tools|test|relay)/' },
  },
  {
    name: 'functions-stand-alone',
    comment: 'a function imports shared/ and its own folder: no other function, no tool, no test',
    severity: 'error',
    from: { path: '^functions/([^/]+)/' },
    to: { path: '^(functions|tools|test|relay)/', pathNot: '^functions/$1/' },
  },
  {
    name: 'oracles-only-in-tests',
    comment: 'the Python oracle runners are for tests; deployed code never spawns python3',
    severity: 'error',
    from: { path: '^(shared|functions|relay)/', pathNot: TESTS },
    to: { path: '^oracle/' },
  },
];

/** The rules each import under `roots` breaks, one line each ('rule: from -> to'); [] when none. */
export async function layerViolations(roots: string[], baseDir: string): Promise<string[]> {
  const { output } = await cruise(
    roots,
    {
      baseDir,
      validate: true,
      ruleSet: { forbidden: RULES },
      doNotFollow: { path: 'node_modules' },
      exclude: { path: '(^|/)(node_modules|dist|\\.canopy)/' },
      // Type-only imports count: a type from a layer above is still a dependency on it.
      tsPreCompilationDeps: true,
    },
    { extensions: ['.ts', '.js', '.json'] },
  );
  if (typeof output === 'string') throw new Error(`dependency-cruiser returned text: ${output.slice(0, 200)}`);
  return (output.summary.violations as IViolation[]).map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
}
