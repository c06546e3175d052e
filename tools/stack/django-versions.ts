/**
 * The Django versions the reference monolith runs on. 3.2 (with DRF 3.14) is
 * Debian stable's, installed system-wide; 5.2 (with DRF 3.18) is Debian
 * unstable's, whose pure-Python packages are downloaded with apt from
 * Debian's archive and extracted into a folder of their own, put on
 * PYTHONPATH in front of the system's: the system's apt sources and its
 * Django 3.2 stay untouched.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { STATE_DIR } from './state.ts';

const run = promisify(execFile);

export const DJANGO_VERSIONS = ['3.2', '5.2'] as const;
export type DjangoVersion = (typeof DJANGO_VERSIONS)[number];

/** Debian's own: what `apt-get install python3-django` gives on this machine's release. */
export const SYSTEM_DJANGO = '3.2' satisfies DjangoVersion;
type ExtractedVersion = Exclude<DjangoVersion, typeof SYSTEM_DJANGO>;

/**
 * The unstable packages each extracted version needs, with the version prefix
 * each must have. Only what the system's packages cannot serve: Django 5.2
 * wants asgiref >= 3.8.1 (stable has 3.6); stable's sqlparse 0.4, psycopg2
 * 2.9, gunicorn, argon2 and bcrypt satisfy it, and Python 3.11's zoneinfo
 * reads the system's tzdata.
 */
const EXTRACTED: Record<ExtractedVersion, Record<string, string>> = {
  '5.2': { 'python3-django': '3:5.2.', 'python3-djangorestframework': '3.18.', 'python3-asgiref': '3.' },
};

/** Where an extracted version lives (git-ignored), and the folder that goes on PYTHONPATH. */
export const djangoDir = (version: DjangoVersion) => join(STATE_DIR, `django-${version}`);
const sitePackages = (dir: string) => join(dir, 'usr', 'lib', 'python3', 'dist-packages');

/** The version CANOPY_DJANGO names (the system's when unset); one clear line when it names none. */
export function selectedDjangoVersion(value = process.env.CANOPY_DJANGO): DjangoVersion {
  if (!value) return SYSTEM_DJANGO;
  if ((DJANGO_VERSIONS as readonly string[]).includes(value)) return value as DjangoVersion;
  throw new Error(`Django ${value} is not one the monolith runs on: use ${DJANGO_VERSIONS.join(' or ')}`);
}

/** apt options for a configuration of its own: Debian unstable's sources, lists and cache in `dir`. */
function aptOptions(dir: string): string[] {
  const etc = join(dir, 'etc');
  mkdirSync(join(etc, 'sources.list.d'), { recursive: true });
  mkdirSync(join(dir, 'lists', 'partial'), { recursive: true });
  mkdirSync(join(dir, 'cache', 'archives', 'partial'), { recursive: true });
  writeFileSync(join(etc, 'sources.list'), 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian sid main\n');
  return [
    `-o=Dir::Etc::SourceList=${join(etc, 'sources.list')}`,
    `-o=Dir::Etc::SourceParts=${join(etc, 'sources.list.d')}`,
    `-o=Dir::State::Lists=${join(dir, 'lists')}`,
    `-o=Dir::Cache=${join(dir, 'cache')}`,
    '-o=APT::Sandbox::User=root', // the download folder is ours, not _apt's
    '-qq',
  ];
}

/** The candidate version of `pkg` in that configuration. */
async function candidate(apt: string[], pkg: string): Promise<string> {
  const { stdout } = await run('apt-cache', [...apt, 'policy', pkg]);
  const version = /Candidate: (\S+)/.exec(stdout)?.[1];
  if (!version || version === '(none)') throw new Error(`Debian unstable has no ${pkg}`);
  return version;
}

/** Downloads and extracts one version's packages into its folder (atomically: a half-done folder is never used). */
async function extract(version: ExtractedVersion): Promise<void> {
  mkdirSync(STATE_DIR, { recursive: true });
  const work = mkdtempSync(join(STATE_DIR, `django-${version}-`));
  try {
    const apt = aptOptions(join(work, 'apt'));
    await run('apt-get', [...apt, 'update'], { maxBuffer: 16 << 20 });
    const packages = EXTRACTED[version];
    const pinned: string[] = [];
    for (const [pkg, prefix] of Object.entries(packages)) {
      const found = await candidate(apt, pkg);
      if (!found.startsWith(prefix)) throw new Error(`Debian unstable's ${pkg} is ${found}, not ${prefix}x: update tools/stack/django-versions.ts`);
      pinned.push(`${pkg}=${found}`);
    }
    const debs = join(work, 'debs');
    mkdirSync(debs);
    await run('apt-get', [...apt, 'download', ...pinned], { cwd: debs, maxBuffer: 16 << 20 });
    const root = join(work, 'root');
    for (const deb of readdirSync(debs).filter((f) => f.endsWith('.deb'))) await run('dpkg-deb', ['-x', join(debs, deb), root]);
    writeFileSync(join(root, 'packages.txt'), `${pinned.join('\n')}\n`);
    try {
      renameSync(root, djangoDir(version));
    } catch (error) {
      // Another process (a parallel test project) finished first: its folder is as good.
      if (!existsSync(djangoDir(version))) throw error;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Makes `version` available and returns the PYTHONPATH the monolith needs for
 * it: none for the system's Django, the extracted folder for the others
 * (downloaded from Debian unstable the first time, about 15 s).
 */
export async function ensureDjango(version: DjangoVersion): Promise<string | undefined> {
  if (version === SYSTEM_DJANGO) return undefined;
  if (!existsSync(djangoDir(version))) {
    try {
      await extract(version);
    } catch (error) {
      const e = error as { stderr?: string; message: string };
      throw new Error(`could not fetch Django ${version} from Debian unstable with apt: ${(e.stderr || e.message).trim().split('\n').pop()}`);
    }
  }
  return sitePackages(djangoDir(version));
}

/** `npm run django -- 5.2`: fetches that version once and prints what it installed and its PYTHONPATH. */
async function main(): Promise<void> {
  const version = selectedDjangoVersion(process.argv[2] ?? process.env.CANOPY_DJANGO);
  const pythonPath = await ensureDjango(version);
  if (!pythonPath) {
    console.log(`Django ${version} is the system's (apt-get install python3-django python3-djangorestframework)`);
    return;
  }
  console.log(readFileSync(join(djangoDir(version), 'packages.txt'), 'utf8').trim());
  console.log(`PYTHONPATH=${pythonPath}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error: Error) => {
    console.error(`canopy django: ${error.message}`);
    process.exit(1);
  });
}
