/**
 * `npm run openapi`: writes the API reference's site (tools/openapi/site.ts)
 * into dist/docs/ (what the build uploads to the docs bucket) and prints
 * where. `npm run openapi -- --check`: also compares the document with DRF's
 * own `generateschema` for the same views and fails on any difference not
 * listed in tools/openapi/deliberate-differences.ts (or listed but gone).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { unexpectedDifferences } from './agreement.ts';
import { drfSchema } from './drf-schema.ts';
import { apiDocument, docsSite } from './site.ts';

export const DOCS_DIST = fileURLToPath(new URL('../../dist/docs', import.meta.url));

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { check: { type: 'boolean', default: false }, out: { type: 'string', default: DOCS_DIST } } });
  const site = docsSite();
  rmSync(values.out, { recursive: true, force: true });
  mkdirSync(values.out, { recursive: true });
  for (const [name, file] of Object.entries(site)) writeFileSync(join(values.out, name || 'index.html'), file.body);
  console.log(`API reference written to ${values.out} (index.html, openapi.json, redoc.standalone.js)`);
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
