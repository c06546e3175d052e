/**
 * An image's package-lock.json, cut from the root one: the bundle's external
 * dependencies and everything they pull in, at the exact versions, integrity
 * hashes and node_modules paths the tests ran with, so `npm ci` in the image
 * installs what was tested and nothing newer.
 */
import semver from 'semver';

/** One `packages` entry of a lockfile (version 3); the fields this reads, the rest copied as they are. */
export interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [field: string]: unknown;
}

export interface Lockfile {
  name?: string;
  lockfileVersion: number;
  requires?: boolean;
  packages: Record<string, LockEntry>;
}

/** Raised when the root lockfile cannot give a bundle what its package.json asks for; the message says what to run. */
export class LockfileError extends Error {}

/** Where Node finds `dep` from the package installed at `from` ('' for the root): the nearest node_modules up the tree. */
function locate(packages: Record<string, LockEntry>, from: string, dep: string): string | undefined {
  for (let base = from; ; ) {
    const candidate = `${base ? `${base}/` : ''}node_modules/${dep}`;
    if (candidate in packages) return candidate;
    if (!base) return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut === -1 ? '' : base.slice(0, cut);
  }
}

interface Edge {
  name: string;
  optional: boolean;
}

function edges(entry: LockEntry): Edge[] {
  const peerOptional = (name: string) => entry.peerDependenciesMeta?.[name]?.optional === true;
  return [
    ...Object.keys(entry.dependencies ?? {}).map((name) => ({ name, optional: false })),
    ...Object.keys(entry.optionalDependencies ?? {}).map((name) => ({ name, optional: true })),
    ...Object.keys(entry.peerDependencies ?? {}).map((name) => ({ name, optional: peerOptional(name) })),
  ];
}

/** The lockfile paths reachable from `roots`, following optional edges only when `withOptional`. */
function closure(packages: Record<string, LockEntry>, roots: string[], withOptional: boolean): Set<string> {
  const seen = new Set<string>();
  const pending = [...roots];
  while (pending.length > 0) {
    const path = pending.pop()!;
    if (seen.has(path)) continue;
    seen.add(path);
    for (const edge of edges(packages[path]!)) {
      if (edge.optional && !withOptional) continue;
      const found = locate(packages, path, edge.name);
      // A platform build the lockfile does not list is simply not installed, as npm does.
      if (found) pending.push(found);
      else if (!edge.optional) throw new LockfileError(`${path} needs ${edge.name}, which the root package-lock.json does not hold: run npm install`);
    }
  }
  return seen;
}

// Flags npm recomputes for the tree it installs; the root's dev-side view of them does not apply to an image.
const ROOT_ONLY_FLAGS = ['dev', 'optional', 'devOptional', 'peer'];

/**
 * The lockfile of a bundle named `name` whose package.json lists `dependencies`
 * (ranges as in the root package.json), cut from the root lockfile. Throws
 * LockfileError when a dependency is missing or the locked version is outside its range.
 */
export function deriveLockfile(root: Lockfile, name: string, dependencies: Record<string, string>): Lockfile {
  const direct = Object.entries(dependencies).map(([dep, range]) => {
    const path = locate(root.packages, '', dep);
    if (!path) throw new LockfileError(`${dep} is not in the root package-lock.json: run npm install`);
    const version = root.packages[path]!.version!;
    if (!semver.satisfies(version, range)) {
      throw new LockfileError(`${dep}: the root package-lock.json holds ${version}, outside the range ${range} in package.json: run npm install`);
    }
    return path;
  });
  const required = closure(root.packages, direct, false);
  const all = closure(root.packages, direct, true);
  const packages: Record<string, LockEntry> = { '': { name, dependencies } };
  for (const path of [...all].sort()) {
    const entry = Object.fromEntries(Object.entries(root.packages[path]!).filter(([field]) => !ROOT_ONLY_FLAGS.includes(field)));
    packages[path] = required.has(path) ? entry : { ...entry, optional: true };
  }
  return { name, lockfileVersion: 3, requires: true, packages };
}

const PINNED = ['version', 'resolved', 'integrity'] as const;

/**
 * How a bundle's lockfile (`lock`, from `where`) and package.json dependencies
 * differ from what the root lockfile pins today, one line each; empty when the
 * image installs exactly what the tests ran with.
 */
export function lockDrift(root: Lockfile, lock: Lockfile, dependencies: Record<string, string>, where: string): string[] {
  let expected: Lockfile;
  try {
    expected = deriveLockfile(root, lock.name ?? '', dependencies);
  } catch (error) {
    if (error instanceof LockfileError) return [`${where}: ${error.message}`];
    throw error;
  }
  const rebuild = 'run npm run build';
  const problems: string[] = [];
  const declared = lock.packages['']?.dependencies ?? {};
  if (JSON.stringify(declared) !== JSON.stringify(dependencies)) {
    problems.push(`${where}: its root entry's dependencies ${JSON.stringify(declared)} are not package.json's ${JSON.stringify(dependencies)}: ${rebuild}`);
  }
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (!path) continue;
    const pinned = root.packages[path];
    if (!pinned) {
      problems.push(`${where}: ${path} is not in the root package-lock.json: ${rebuild}`);
      continue;
    }
    for (const field of PINNED) {
      if (entry[field] !== pinned[field]) problems.push(`${where}: ${path} ${field} ${entry[field]} differs from the root package-lock.json's ${pinned[field]}: ${rebuild}`);
    }
  }
  for (const path of Object.keys(expected.packages)) {
    if (path && !(path in lock.packages)) problems.push(`${where}: ${path} is missing (the root package-lock.json has it in this bundle's dependencies): ${rebuild}`);
  }
  return problems;
}
