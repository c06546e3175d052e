/**
 * `npm run openapi`: writes the API reference's site (tools/openapi/site.ts)
 * into dist/docs/ (the files `npm run build` also writes beside the
 * production docs service, tools/openapi/service.ts) and prints where.
 * `npm run openapi -- --check`: also compares the document with DRF's own
 * `generateschema` for the same views and fails on any difference not listed
 * in tools/openapi/deliberate-differences.ts (or listed but gone).
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { unexpectedDifferences } from './agreement.ts';
import { drfSchema } from './drf-schema.ts';
import { apiDocument, writeDocsSite } from './site.ts';

export const DOCS_DIST = fileURLToPath(new URL('../../dist/docs', import.meta.url));

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { check: { type: 'boolean', default: false }, out: { type: 'string', default: DOCS_DIST } } });
  const written = writeDocsSite(values.out);
  console.log(`API reference written to ${values.out} (${written.join(', ')})`);
  if (!values.check) return;
  const { unexpected, stale } = unexpectedDifferences(await drfSchema(), apiDocument());
  for (const d of unexpected) console.log(`differs from DRF: ${d.key}: DRF ${d.drf ?? '(nothing)'}, Canopy ${d.canopy ?? '(nothing)'}`);
  for (const d of stale) console.log(`listed as deliberate but no longer differs: ${d.key}`);
  if (unexpected.length || stale.length) {
    console.error('canopy openapi: fix the view, or list the difference with its reason in tools/openapi/deliberate-differences.ts');
    process.exit(1);
  }
  console.log("agrees with DRF's generateschema, apart from the deliberate differences");
}

main().catch((error: Error) => {
  console.error(`canopy openapi: ${error.message}`);
  process.exit(1);
});
