/**
 * `npm run drift`: does the monolith still decide what the functions were
 * built against? Compares its settings export now with the one the build
 * embeds (CANOPY_SETTINGS_EXPORT, else infra/monolith-settings.json), and for
 * each migrated path the URL pattern and view that resolve it and its OPTIONS
 * metadata as staff with infra/monolith-baseline.json. Prints each difference
 * on a line of its own and exits 1; `--accept` records the monolith as it is.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadManifest, ManifestError } from '../manifest.ts';
import { SEED_TOKENS } from '../seed-credentials.ts';
import { readStackFile } from '../rollout/stack-file.ts';
import { startSeededMonolith } from '../stack/seeded-monolith.ts';
import { BASELINE_PATH, readBuiltState, writeBuiltState } from './baseline.ts';
import { driftLines } from './check.ts';
import { fileSource, observeMonolith, type MonolithSource } from './observe.ts';
import { migratedPaths } from './paths.ts';
import { referenceManage } from './reference.ts';

const USAGE = `usage: npm run drift -- [--accept] [--baseline infra/monolith-baseline.json]
         (the reference monolith: its manage.py here; OPTIONS to --monolith-url, the running stack's, or one of its own)
       npm run drift -- --monolith-url URL --export settings.json --urls urls.json [--accept]
         (your monolith: files from its manage.py canopy_export and canopy_urls; CANOPY_DRIFT_AUTHORIZATION, a staff user's Authorization header)
       npm run drift -- paths   (the migrated paths, for manage.py canopy_urls)`;

const answers = (url: string) => fetch(url, { signal: AbortSignal.timeout(1000), redirect: 'manual' }).then(() => true, () => false);

type Options = { 'monolith-url'?: string; export?: string; urls?: string };

/** The team's monolith, described by files its manage.py wrote. */
function externalSource(values: Options): MonolithSource {
  const url = values['monolith-url'] ?? process.env.CANOPY_MONOLITH_URL;
  const authorization = process.env.CANOPY_DRIFT_AUTHORIZATION;
  if (!url) throw new Error('--monolith-url (or CANOPY_MONOLITH_URL) is missing: the URL your monolith answers on');
  if (!values.export) throw new Error('--export is missing: the file python manage.py canopy_export --output <file> writes from your monolith now');
  if (!values.urls) throw new Error('--urls is missing: the file python manage.py canopy_urls $(npm run -s drift -- paths) --output <file> writes');
  if (!authorization) throw new Error("CANOPY_DRIFT_AUTHORIZATION is missing: a staff user's Authorization header (e.g. 'Token <key>'), so OPTIONS describes the write actions");
  return {
    url,
    authorization,
    settingsExport: fileSource(values.export, '--export', 'python manage.py canopy_export --output <file>'),
    resolvedPaths: fileSource(values.urls, '--urls', 'python manage.py canopy_urls $(npm run -s drift -- paths) --output <file>'),
  };
}

/** The reference monolith: its manage.py here, OPTIONS to the given URL, the stack's monolith, or one started for the check. */
async function referenceSource(url: string | undefined): Promise<{ source: MonolithSource; stop(): Promise<void> }> {
  // Your monolith's URL with the reference monolith's manage.py would compare two different monoliths.
  if (process.env.CANOPY_MONOLITH_URL) throw new Error('CANOPY_MONOLITH_URL names your monolith: give --export and --urls from its manage.py too (without them npm run drift checks the reference monolith)');
  const manage = await referenceManage();
  let stop = async () => {};
  if (!url) {
    const stack = readStackFile()?.monolith;
    if (stack && (await answers(stack))) url = stack;
    else {
      console.error('canopy drift: no local stack\'s monolith answers (npm start); starting one of its own');
      const own = await startSeededMonolith();
      ({ url, stop } = own);
    }
  }
  return {
    source: {
      url,
      authorization: `Token ${SEED_TOKENS.admin}`,
      settingsExport: () => manage('canopy_export'),
      resolvedPaths: (paths) => manage('canopy_urls', ...paths),
    },
    stop,
  };
}

async function main(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      accept: { type: 'boolean', default: false },
      baseline: { type: 'string', default: BASELINE_PATH },
      'monolith-url': { type: 'string' },
      export: { type: 'string' },
      urls: { type: 'string' },
    },
  });
  if (positionals.length > 1 || (positionals[0] !== undefined && positionals[0] !== 'paths')) throw new Error(USAGE);
  const paths = migratedPaths(loadManifest());
  if (positionals[0] === 'paths') {
    console.log(paths.join(' '));
    return 0;
  }

  const external = values.export !== undefined || values.urls !== undefined;
  const { source, stop } = external ? { source: externalSource(values), stop: async () => {} } : await referenceSource(values['monolith-url']);
  try {
    const now = await observeMonolith(source, paths);
    if (values.accept) {
      for (const file of writeBuiltState(now, values.baseline)) console.log(`canopy drift: wrote ${file}`);
      console.log('canopy drift: the functions now follow the monolith as it is: rebuild them (npm run build) and commit both files');
      return 0;
    }
    const lines = driftLines(readBuiltState(values.baseline), now);
    if (lines.length === 0) {
      console.log(`canopy drift: none: the monolith's settings, and the URL patterns and OPTIONS of ${paths.length} migrated paths, are what the functions were built against`);
      return 0;
    }
    for (const line of lines) console.log(line);
    console.error(`canopy drift: ${lines.length} difference(s) from what the functions were built against (above): change the functions (or the monolith back), then npm run drift -- --accept`);
    return 1;
  } finally {
    await stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: Error) => {
      console.error(`canopy drift: ${error instanceof ManifestError ? `bad routes manifest: ${error.message}` : error.message}`);
      process.exit(1);
    },
  );
}
