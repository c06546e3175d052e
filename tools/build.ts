/**
 * Bundles every function in the routes manifest into dist/functions/<name>/:
 * index.js (the function, exported under its name), main.js (the minimal
 * node:http entrypoint), index.js.cache (V8's code cache for index.js, written
 * by main.js on this machine's Node), and the image files (tools/image/files.ts):
 * a package.json naming only the runtime dependencies left external, their
 * package-lock.json cut from the root one, and a Dockerfile for a small
 * non-root image that installs them with npm ci. The outbox relay (relay/, an
 * always-on service) is built the same way into dist/relay/, and the docs
 * service (tools/openapi/service.ts, with the API reference's files beside it)
 * into dist/docs-service/.
 */
import { build, type Metafile, type Plugin } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeImageFiles } from './image/files.ts';
import { functionEntry, loadManifest, ManifestError, type Manifest } from './manifest.ts';
import { loadSettingsExport } from './settings-export.ts';
import type { SettingsExport } from '../shared/django/settings-export.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DIST = join(ROOT, 'dist', 'functions');
/** The outbox relay's image folder. */
export const RELAY_DIST = join(ROOT, 'dist', 'relay');
/** The docs service's image folder. */
export const DOCS_SERVICE_DIST = join(ROOT, 'dist', 'docs-service');

// Left out of the bundle: the Secret Manager client (loaded only when a secret is named
// by resource, see shared/secrets.ts), packages that ship native binaries, and
// the relay's Pub/Sub client (gax reads its protos from files beside it at run time).
const EXTERNAL = ['@google-cloud/secret-manager', '@node-rs/argon2', '@node-rs/bcrypt', '@google-cloud/pubsub'];

// A function image's other runtime dependency: its start:framework script serves the bundle's export under it.
const FRAMEWORK = '@google-cloud/functions-framework';

/** The packages a bundle imports but does not contain (for its package.json), from esbuild's metafile. */
export function externalsUsed(...metafiles: Metafile[]): string[] {
  const used = new Set<string>();
  for (const metafile of metafiles) {
    for (const output of Object.values(metafile.outputs)) {
      for (const imp of output.imports) if (imp.external && !imp.path.startsWith('node:') && !builtinModules.includes(imp.path)) used.add(imp.path);
    }
  }
  return [...used].map((p) => EXTERNAL.find((e) => p === e || p.startsWith(`${e}/`)) ?? p).filter((v, i, a) => a.indexOf(v) === i);
}

/**
 * A bundle embeds the settings export (define); shared/django/settings-file.ts, the reader unbundled
 * code uses instead, stays out of it (with the zod schema it validates with).
 */
const EMBEDDED_SETTINGS_ONLY: Plugin = {
  name: 'embedded-settings-only',
  setup(bundle) {
    bundle.onResolve({ filter: /[/\\]settings-file\.ts$/ }, () => ({ path: 'settings-file', namespace: 'embedded-settings-only' }));
    bundle.onLoad({ filter: /.*/, namespace: 'embedded-settings-only' }, () => ({
      contents: "export function readSettingsExport() { throw new Error('this bundle embeds its settings export'); }",
      loader: 'js',
    }));
  },
};

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
  plugins: [EMBEDDED_SETTINGS_ONLY],
  // Bundled CommonJS dependencies may call require(); give ESM output one.
  banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
};

/**
 * A function's bundle and entrypoint are CommonJS: the entrypoint loads the
 * bundle with V8's code cache, which Node 20 gives scripts only
 * (shared/code-cache.ts). The relay and the docs service stay ES modules.
 */
const FUNCTION_BUNDLE_OPTIONS = {
  ...BUNDLE_OPTIONS,
  format: 'cjs' as const,
  banner: {},
  // import() of a left-out package (the native hashers, the Secret Manager client) becomes require():
  // a script run through vm has no import() of its own on Node 20 without --experimental-vm-modules.
  supported: { 'dynamic-import': false },
};

/** The entrypoint's command that writes the bundle's code cache, run where the bundle will run. */
const WRITE_CODE_CACHE = ['main.js', '--write-code-cache'];

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

/** The monolith's settings export as shared/django/monolith-settings.ts reads it in a bundle. */
const settingsDefine = (settings: SettingsExport) => ({ __CANOPY_SETTINGS__: JSON.stringify(settings), __CANOPY_SETTINGS_EMBEDDED__: 'true' });

/**
 * Builds one function's folder; returns its bundle size. The monolith's
 * settings export (CANOPY_SETTINGS_EXPORT, else infra/monolith-settings.json)
 * is embedded as shared/django/monolith-settings.ts reads it. `forProfiling`
 * keeps names and writes a source map (index.js.map), so a CPU profile's
 * frames name the function and file they came from (tools/profile).
 */
export async function buildFunction(
  name: string,
  entry: string = functionEntry(name),
  manifest: Manifest = loadManifest(),
  dir: string = join(DIST, name),
  settings: SettingsExport = loadSettingsExport(),
  { forProfiling = false } = {},
): Promise<BuiltFunction> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const fn = await build({
    ...FUNCTION_BUNDLE_OPTIONS,
    entryPoints: [join(ROOT, entry)],
    outfile: join(dir, 'index.js'),
    ...(forProfiling && { minify: false, sourcemap: true, sourcesContent: false }),
    define: {
      __CANOPY_ROUTES__: JSON.stringify(routesFor(name, manifest)),
      __CANOPY_SECRETS__: JSON.stringify(manifest.functions[name]?.secrets ?? []),
      ...settingsDefine(settings),
    },
  });
  const main = await build({ ...FUNCTION_BUNDLE_OPTIONS, entryPoints: [join(ROOT, 'shared/entrypoint.ts')], outfile: join(dir, 'main.js') });
  writeImageFiles({
    name,
    dir,
    // The bundle never imports the framework (shared/function.ts); its start:framework script runs it.
    externals: [...externalsUsed(fn.metafile!, main.metafile!), FRAMEWORK],
    files: ['index.js', 'main.js'],
    start: 'main.js',
    commonjs: true,
    prepare: ['node', ...WRITE_CODE_CACHE],
    env: { FUNCTION_TARGET: name },
    scripts: { 'start:framework': `functions-framework --target=${name}` },
  });
  // For the runs on this machine (tests, npm start, the bench), with this machine's Node; an image writes its own.
  execFileSync(process.execPath, WRITE_CODE_CACHE, { cwd: dir, env: { PATH: process.env.PATH }, stdio: ['ignore', 'ignore', 'inherit'] });
  return { name, dir, bytes: statSync(join(dir, 'index.js')).size };
}

/** Builds the outbox relay's folder (relay/main.ts as main.js, the file its container runs); returns its bundle size. */
export async function buildRelay(dir: string = RELAY_DIST, manifest: Manifest = loadManifest(), settings: SettingsExport = loadSettingsExport()): Promise<BuiltFunction> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // Its request-log consumer matches paths to routes; only paths and methods, so a rollout step leaves its image as it was.
  const observed = manifest.routes.map(({ id, pathTemplate, methods }) => ({ id, pathTemplate, methods }));
  const relay = await build({
    ...BUNDLE_OPTIONS,
    entryPoints: [join(ROOT, 'relay/main.ts')],
    outfile: join(dir, 'main.js'),
    define: { __CANOPY_OBSERVED_ROUTES__: JSON.stringify(observed), ...settingsDefine(settings) },
  });
  writeImageFiles({ name: 'relay', dir, externals: externalsUsed(relay.metafile!), files: ['main.js'], start: 'main.js' });
  return { name: 'relay', dir, bytes: statSync(join(dir, 'main.js')).size };
}

/**
 * Builds the docs service's folder: the API reference's files as `npm run
 * openapi` writes them (the document follows the manifest), and the server
 * that serves them as main.js; returns the server's bundle size.
 */
export async function buildDocsService(dir: string = DOCS_SERVICE_DIST, manifest: Manifest = loadManifest()): Promise<BuiltFunction> {
  // Loaded here, not at the top: the document reads the functions' views, which read the settings export
  // as they load, and main() checks that export first so a bad one is one line, not a stack trace.
  const { writeDocsSite } = await import('./openapi/site.ts');
  const files = writeDocsSite(dir, manifest);
  const docs = await build({ ...BUNDLE_OPTIONS, entryPoints: [join(ROOT, 'tools/openapi/service.ts')], outfile: join(dir, 'main.js') });
  writeImageFiles({ name: 'docs', dir, externals: externalsUsed(docs.metafile!), files: ['main.js', ...files], start: 'main.js' });
  return { name: 'docs', dir, bytes: statSync(join(dir, 'main.js')).size };
}

async function main(): Promise<void> {
  const manifest = loadManifest();
  const settings = loadSettingsExport();
  for (const name of Object.keys(manifest.functions)) {
    const built = await buildFunction(name, functionEntry(name), manifest, undefined, settings);
    console.log(`${name.padEnd(20)} ${(built.bytes / 1024).toFixed(1).padStart(8)} KiB  ${built.dir}`);
  }
  const relay = await buildRelay(undefined, manifest, settings);
  console.log(`${'relay (service)'.padEnd(20)} ${(relay.bytes / 1024).toFixed(1).padStart(8)} KiB  ${relay.dir}`);
  const docs = await buildDocsService(DOCS_SERVICE_DIST, manifest);
  console.log(`${'docs (service)'.padEnd(20)} ${(docs.bytes / 1024).toFixed(1).padStart(8)} KiB  ${docs.dir}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`canopy build: ${error instanceof ManifestError ? error.message : (error as Error).message}`);
    process.exit(1);
  });
}
