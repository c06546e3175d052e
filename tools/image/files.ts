/**
 * What turns a built bundle folder into a reproducible container image:
 * package.json naming the runtime dependencies the bundle left external,
 * package-lock.json cut from the root lockfile (tools/image/lockfile.ts), and
 * a Dockerfile that installs exactly those with `npm ci` on a base image
 * pinned by digest. One generator for every deployable bundle.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deriveLockfile, type Lockfile } from './lockfile.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * node:20-slim, pinned by its multi-platform index digest so a rebuild of the
 * same commit gets the same operating system and Node.js. Docker Hub is not
 * reachable from the machines this was written on: the digest is the one
 * pinned for node:20-slim in several public Dockerfiles (found 2026-12-02),
 * not resolved here. Refresh it where Docker Hub is reachable, in one commit
 * that also runs the tests:
 *   docker buildx imagetools inspect node:20-slim --format '{{json .Manifest.Digest}}'
 */
export const BASE_IMAGE = 'node:20-slim@sha256:1e85773c98c31d4fe5b545e4cb17379e617b348832fb3738b22a08f68dec30f3';

export interface ImageSpec {
  /** The deployable's name; its package is canopy-<name>. */
  name: string;
  /** The built bundle's folder, where the files are written. */
  dir: string;
  /** Packages the bundle imports but does not contain; their ranges come from the root package.json. */
  externals: string[];
  /** Files of the bundle copied into the image; the first is package.json's main. */
  files: string[];
  /** The file the container starts with node (npm start runs it too). */
  start: string;
  /** Environment the container starts with (NODE_ENV and PORT are always set). */
  env?: Record<string, string>;
  /** Extra package.json scripts besides start. */
  scripts?: Record<string, string>;
  /** The bundle's files are CommonJS (package.json has no "type": "module"). */
  commonjs?: boolean;
  /** A command the image runs once its files are copied (as root, before USER node), e.g. writing a code cache. */
  prepare?: string[];
}

export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

export const rootLockfile = (): Lockfile => readJson<Lockfile>(join(ROOT, 'package-lock.json'));

/** The dependencies an image installs, with the root package.json's ranges; a bundle may only import declared packages. */
export function imageDependencies(externals: string[], rootDependencies: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    [...externals].sort().map((dep) => {
      const range = rootDependencies[dep];
      if (!range) throw new Error(`the bundle imports ${dep}, which is not in package.json's dependencies: npm install ${dep}`);
      return [dep, range];
    }),
  );
}

function dockerfile(spec: ImageSpec): string {
  const env = Object.entries({ NODE_ENV: 'production', ...spec.env, PORT: '8080' }).map(([k, v]) => `${k}=${v}`);
  return `# Built by npm run build. Small, non-root, and exactly the dependencies the
# tests ran with: npm ci installs package-lock.json, cut from the root lockfile.
# The base is pinned by digest (tools/image/files.ts says how to refresh it).
# No install scripts, as in the root install (package.json allowScripts): the
# native packages ship prebuilt binaries as optional dependencies.
FROM ${BASE_IMAGE}
ENV ${env.join(' ')}
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY ${spec.files.join(' ')} ./
${spec.prepare ? `RUN ${JSON.stringify(spec.prepare)}\n` : ''}USER node
EXPOSE 8080
CMD ["node", "${spec.start}"]
`;
}

/** Writes package.json, package-lock.json and Dockerfile into the bundle's folder. */
export function writeImageFiles(spec: ImageSpec, root: Lockfile = rootLockfile()): void {
  const rootPackage = readJson<{ dependencies: Record<string, string> }>(join(ROOT, 'package.json'));
  const dependencies = imageDependencies(spec.externals, rootPackage.dependencies);
  const name = `canopy-${spec.name}`;
  const pkg = { name, private: true, ...(!spec.commonjs && { type: 'module' }), main: spec.files[0], scripts: { start: `node ${spec.start}`, ...spec.scripts }, dependencies };
  writeFileSync(join(spec.dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  writeFileSync(join(spec.dir, 'package-lock.json'), `${JSON.stringify(deriveLockfile(root, name, dependencies), null, 2)}\n`);
  writeFileSync(join(spec.dir, 'Dockerfile'), dockerfile(spec));
}
