/**
 * Bundles every function in the routes manifest into dist/functions/<name>/:
 * index.js (the function, registered with the Functions Framework), main.js
 * (the minimal node:http entrypoint), a package.json naming only the runtime
 * dependencies left external, and a Dockerfile for a small non-root image.
 * The outbox relay (relay/, an always-on service) is built the same way into
 * dist/relay/: main.js, package.json and Dockerfile.
 */
import { build, type Metafile } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadManifest, ManifestError, type Manifest } from './manifest.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DIST = join(ROOT, 'dist', 'functions');
/** The outbox relay's image folder. */
export const RELAY_DIST = join(ROOT, 'dist', 'relay');

// Left out of the bundle: the framework (bundling it breaks functions.http
// registration), the Secret Manager client (loaded only when a secret is named
// by resource, see shared/secrets.ts), packages that ship native binaries, and
// the relay's Pub/Sub client (gax reads its protos from files beside it at run time).
const EXTERNAL = ['@google-cloud/functions-framework', '@google-cloud/secret-manager', '@node-rs/argon2', '@node-rs/bcrypt', '@google-cloud/pubsub'];

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

/** What one image folder holds besides its bundles; functions and the relay are written by the same code. */
interface ImageSpec {
  /** The package name's suffix: canopy-<name>. */
  name: string;
  /** Bundled files the image copies: the first is the package's main; the image runs main.js. */
  files: string[];
  /** Environment the image sets besides NODE_ENV and PORT. */
  env: Record<string, string>;
  scripts: Record<string, string>;
  /** The bundles' metafiles: their external imports are the image's dependencies. */
  metafiles: Metafile[];
}

function dockerfile(image: ImageSpec): string {
  const env = Object.entries(image.env).map(([name, value]) => ` ${name}=${value}`).join('');
  return `# Built by npm run build. Small, non-root, production dependencies only.
FROM node:20-slim
ENV NODE_ENV=production${env} PORT=8080
WORKDIR /app
COPY package.json ./
RUN npm install --omit=dev --no-audit --no-fund && npm cache clean --force
COPY ${image.files.join(' ')} ./
USER node
EXPOSE 8080
CMD ["node", "main.js"]
`;
}

/** Writes the package.json (only the runtime dependencies left external) and the Dockerfile. */
function writeImage(dir: string, image: ImageSpec): void {
  const dependencies = Object.fromEntries(
    image.metafiles.flatMap(externalsUsed).map((dep) => [dep, rootPackage.dependencies[dep] ?? '*']),
  );
  const main = image.files[0]!;
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: `canopy-${image.name}`, private: true, type: 'module', main, scripts: image.scripts, dependencies }, null, 2)}\n`,
  );
  writeFileSync(join(dir, 'Dockerfile'), dockerfile(image));
}

const BUNDLE_OPTIONS = {
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

/** A built image folder (a function's, or the relay's) and its bundle's size. */
export interface BuiltFunction {
  name: string;
  dir: string;
  bytes: number;
}

/** The routes a function needs at run time: its own, without canary weights (those are the load balancer's). */
function routesFor(name: string, manifest: Manifest) {
  return manifest.routes.filter((r) => r.function === name).map(({ weight: _weight, ...route }) => route);
}

/** Builds one function's folder; returns its bundle size. */
export async function buildFunction(
  name: string,
  entry: string,
  manifest: Manifest = loadManifest(),
  dir: string = join(DIST, name),
): Promise<BuiltFunction> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const fn = await build({
    ...BUNDLE_OPTIONS,
    entryPoints: [join(ROOT, entry)],
    outfile: join(dir, 'index.js'),
    define: { __CANOPY_ROUTES__: JSON.stringify(routesFor(name, manifest)) },
  });
  const main = await build({ ...BUNDLE_OPTIONS, entryPoints: [join(ROOT, 'shared/entrypoint.ts')], outfile: join(dir, 'main.js') });
  writeImage(dir, {
    name,
    files: ['index.js', 'main.js'],
    env: { FUNCTION_TARGET: name },
    scripts: { start: 'node main.js', 'start:framework': `functions-framework --target=${name}` },
    metafiles: [fn.metafile!, main.metafile!],
  });
  return { name, dir, bytes: statSync(join(dir, 'index.js')).size };
}

/** Builds the outbox relay's folder (relay/main.ts as main.js, the file its container runs); returns its bundle size. */
export async function buildRelay(dir: string = RELAY_DIST): Promise<BuiltFunction> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const relay = await build({ ...BUNDLE_OPTIONS, entryPoints: [join(ROOT, 'relay/main.ts')], outfile: join(dir, 'main.js') });
  writeImage(dir, { name: 'relay', files: ['main.js'], env: {}, scripts: { start: 'node main.js' }, metafiles: [relay.metafile!] });
  return { name: 'relay', dir, bytes: statSync(join(dir, 'main.js')).size };
}

async function main(): Promise<void> {
  const manifest = loadManifest();
  for (const [name, spec] of Object.entries(manifest.functions)) {
    const built = await buildFunction(name, spec.entry, manifest);
    console.log(`${name.padEnd(20)} ${(built.bytes / 1024).toFixed(1).padStart(8)} KiB  ${built.dir}`);
  }
  const relay = await buildRelay();
  console.log(`${'relay (service)'.padEnd(20)} ${(relay.bytes / 1024).toFixed(1).padStart(8)} KiB  ${relay.dir}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`canopy build: ${error instanceof ManifestError ? error.message : (error as Error).message}`);
    process.exit(1);
  });
}
