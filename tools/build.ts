/**
 * Bundles every function in the routes manifest into dist/functions/<name>/:
 * index.js (the function, registered with the Functions Framework), main.js
 * (the minimal node:http entrypoint), a package.json naming only the runtime
 * dependencies left external, and a Dockerfile for a small non-root image.
 */
import { build, type Metafile } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadManifest, ManifestError, type Manifest } from './manifest.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DIST = join(ROOT, 'dist', 'functions');

// Left out of the bundle: the framework (bundling it breaks functions.http
// registration), the Secret Manager client (loaded only when a secret is named
// by resource, see shared/secrets.ts) and packages that ship native binaries.
const EXTERNAL = ['@google-cloud/functions-framework', '@google-cloud/secret-manager', '@node-rs/argon2', '@node-rs/bcrypt'];

const rootPackage = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};

function externalsUsed(metafile: Metafile): string[] {
  const used = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const imp of output.imports) if (imp.external && !imp.path.startsWith('node:') && !builtinModules.includes(imp.path)) used.add(imp.path);
  }
  return [...used].map((p) => EXTERNAL.find((e) => p === e || p.startsWith(`${e}/`)) ?? p).filter((v, i, a) => a.indexOf(v) === i);
}

function dockerfile(name: string): string {
  return `# Built by npm run build. Small, non-root, production dependencies only.
FROM node:20-slim
ENV NODE_ENV=production FUNCTION_TARGET=${name} PORT=8080
WORKDIR /app
COPY package.json ./
RUN npm install --omit=dev --no-audit --no-fund && npm cache clean --force
COPY index.js main.js ./
USER node
EXPOSE 8080
CMD ["node", "main.js"]
`;
}

export interface BuiltFunction {
  name: string;
  dir: string;
  bytes: number;
}

/** Builds one function's folder; returns its bundle size. */
/** The routes a function needs at run time: its own, without canary weights (those are the load balancer's). */
function routesFor(name: string, manifest: Manifest) {
  return manifest.routes.filter((r) => r.function === name).map(({ weight: _weight, ...route }) => route);
}

export async function buildFunction(
  name: string,
  entry: string,
  manifest: Manifest = loadManifest(),
  dir: string = join(DIST, name),
): Promise<BuiltFunction> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const common = {
    bundle: true,
    platform: 'node' as const,
    format: 'esm' as const,
    target: 'node20',
    minify: true,
    treeShaking: true,
    external: EXTERNAL,
    metafile: true,
    logLevel: 'warning' as const,
    // Bundled CommonJS dependencies may call require(); give ESM output one.
    banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
  };
  const fn = await build({
    ...common,
    entryPoints: [join(ROOT, entry)],
    outfile: join(dir, 'index.js'),
    define: { __CANOPY_ROUTES__: JSON.stringify(routesFor(name, manifest)), __CANOPY_SECRETS__: JSON.stringify(manifest.functions[name]?.secrets ?? []) },
  });
  await build({ ...common, entryPoints: [join(ROOT, 'shared/entrypoint.ts')], outfile: join(dir, 'main.js') });
  const dependencies = Object.fromEntries(
    externalsUsed(fn.metafile!).map((dep) => [dep, rootPackage.dependencies[dep] ?? '*']),
  );
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: `canopy-${name}`, private: true, type: 'module', main: 'index.js', scripts: { start: 'node main.js', 'start:framework': `functions-framework --target=${name}` }, dependencies }, null, 2)}\n`,
  );
  writeFileSync(join(dir, 'Dockerfile'), dockerfile(name));
  return { name, dir, bytes: statSync(join(dir, 'index.js')).size };
}

async function main(): Promise<void> {
  const manifest = loadManifest();
  for (const [name, spec] of Object.entries(manifest.functions)) {
    const built = await buildFunction(name, spec.entry, manifest);
    console.log(`${name.padEnd(20)} ${(built.bytes / 1024).toFixed(1).padStart(8)} KiB  ${built.dir}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`canopy build: ${error instanceof ManifestError ? error.message : (error as Error).message}`);
    process.exit(1);
  });
}
