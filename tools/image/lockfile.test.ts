import { describe, expect, it } from 'vitest';
import { imageDependencies, rootLockfile } from './files.ts';
import { deriveLockfile, lockDrift, LockfileError, type Lockfile } from './lockfile.ts';

const entry = (version: string, fields: Record<string, unknown> = {}) => ({ version, integrity: `sha512-${version}`, ...fields });

// A root lockfile shaped like npm's: a nested copy where two versions clash, a
// platform build as an optional dependency (one platform not in the lock), a
// peer, and dev-only packages.
const ROOT: Lockfile = {
  name: 'canopy',
  lockfileVersion: 3,
  requires: true,
  packages: {
    '': { name: 'canopy', dependencies: { app: '^1.0.0', native: '^2.0.0' }, devDependencies: { tester: '^1.0.0' } },
    'node_modules/app': entry('1.2.0', { dependencies: { util: '^2.0.0', shared: '^1.0.0' }, peerDependencies: { peer: '*' } }),
    'node_modules/app/node_modules/util': entry('2.1.0'),
    'node_modules/util': entry('1.0.0', { dev: true }),
    'node_modules/shared': entry('1.5.0'),
    'node_modules/peer': entry('3.0.0'),
    'node_modules/native': entry('2.0.1', { optionalDependencies: { 'native-linux-x64': '2.0.1', 'native-darwin-arm64': '2.0.1' } }),
    'node_modules/native-linux-x64': entry('2.0.1', { optional: true, os: ['linux'], cpu: ['x64'] }),
    'node_modules/tester': entry('1.0.0', { dev: true, dependencies: { util: '^1.0.0' } }),
  },
};

describe('an image lockfile cut from the root one', () => {
  const lock = deriveLockfile(ROOT, 'canopy-app', { app: '^1.0.0', native: '^2.0.0' });

  it('holds the dependencies and what they pull in, at the paths Node resolves them from, and nothing dev-only', () => {
    expect(Object.keys(lock.packages)).toEqual([
      '',
      'node_modules/app',
      'node_modules/app/node_modules/util',
      'node_modules/native',
      'node_modules/native-linux-x64',
      'node_modules/peer',
      'node_modules/shared',
    ]);
    expect(lock.packages['']).toEqual({ name: 'canopy-app', dependencies: { app: '^1.0.0', native: '^2.0.0' } });
    expect(lock.packages['node_modules/app/node_modules/util']).toEqual(entry('2.1.0'));
  });

  it('keeps platform builds optional and everything else required, as npm ci expects', () => {
    expect(lock.packages['node_modules/native-linux-x64']).toMatchObject({ optional: true, os: ['linux'] });
    expect(lock.packages['node_modules/shared']!.optional).toBeUndefined();
  });

  it('has no drift from the root lockfile it was cut from', () => {
    expect(lockDrift(ROOT, lock, { app: '^1.0.0', native: '^2.0.0' }, 'app')).toEqual([]);
  });

  it('reports a version, an integrity hash or a package that is not the root lockfile\'s', () => {
    const drifted = structuredClone(lock);
    drifted.packages['node_modules/shared']!.version = '1.6.0';
    drifted.packages['node_modules/peer']!.integrity = 'sha512-other';
    delete drifted.packages['node_modules/app/node_modules/util'];
    drifted.packages['node_modules/extra'] = entry('1.0.0');
    expect(lockDrift(ROOT, drifted, { app: '^1.0.0', native: '^2.0.0' }, 'dist/functions/app')).toEqual([
      'dist/functions/app: node_modules/peer integrity sha512-other differs from the root package-lock.json\'s sha512-3.0.0: run npm run build',
      'dist/functions/app: node_modules/shared version 1.6.0 differs from the root package-lock.json\'s 1.5.0: run npm run build',
      'dist/functions/app: node_modules/extra is not in the root package-lock.json: run npm run build',
      "dist/functions/app: node_modules/app/node_modules/util is missing (the root package-lock.json has it in this bundle's dependencies): run npm run build",
    ]);
  });

  it('reports a package.json range the root lockfile does not satisfy', () => {
    expect(() => deriveLockfile(ROOT, 'x', { app: '^1.3.0' })).toThrow(
      new LockfileError('app: the root package-lock.json holds 1.2.0, outside the range ^1.3.0 in package.json: run npm install'),
    );
    expect(lockDrift(ROOT, lock, { app: '^2.0.0', native: '^2.0.0' }, 'app')).toEqual([
      'app: app: the root package-lock.json holds 1.2.0, outside the range ^2.0.0 in package.json: run npm install',
    ]);
  });

  it('refuses a dependency the root lockfile does not hold, or one whose own dependency is missing', () => {
    expect(() => deriveLockfile(ROOT, 'x', { nope: '*' })).toThrow(/nope is not in the root package-lock.json: run npm install/);
    const broken = structuredClone(ROOT);
    delete broken.packages['node_modules/shared'];
    expect(() => deriveLockfile(broken, 'x', { app: '^1.0.0' })).toThrow(/node_modules\/app needs shared, which the root package-lock.json does not hold/);
  });
});

describe('the real root lockfile', () => {
  it('gives the identity image its runtime dependencies without drift and without dev packages', () => {
    const root = rootLockfile();
    const dependencies = imageDependencies(['@node-rs/argon2', '@google-cloud/functions-framework', '@google-cloud/secret-manager', '@node-rs/bcrypt'], {
      '@google-cloud/functions-framework': '^5.0.5',
      '@google-cloud/secret-manager': '^6.3.0',
      '@node-rs/argon2': '^2.2.1',
      '@node-rs/bcrypt': '1.10.8',
    });
    const lock = deriveLockfile(root, 'canopy-identity', dependencies);
    expect(lockDrift(root, lock, dependencies, 'identity')).toEqual([]);
    const paths = Object.keys(lock.packages);
    expect(paths).toContain('node_modules/@node-rs/argon2-linux-x64-gnu');
    expect(paths.filter((p) => root.packages[p]?.dev === true)).toEqual([]);
    expect(paths).not.toContain('node_modules/vitest');
  });

  it('will not build an image for a package the root package.json does not declare', () => {
    expect(() => imageDependencies(['left-pad'], {})).toThrow('the bundle imports left-pad, which is not in package.json\'s dependencies: npm install left-pad');
  });
});
