/**
 * The API reference as a static site of three files: the OpenAPI document,
 * Redoc's standalone bundle (from node_modules: nothing is loaded from a
 * CDN) and a page that renders one with the other. The local load balancer
 * serves them under /api/docs/; in production `npm run build` writes the same
 * files beside the docs service that the load balancer routes /api/docs/ to
 * (tools/openapi/service.ts, infra/README.md). Both serve them with
 * tools/openapi/serve.ts.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { loadManifest, type Manifest } from '../manifest.ts';
import { buildDocument } from './document.ts';
import { FUNCTION_URLS } from './functions.ts';
import { diskName, DOCS_CSP, serveSite, type DocsFileName } from './serve.ts';

const REDOC_BUNDLE = createRequire(import.meta.url).resolve('redoc/bundles/redoc.standalone.js');
const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

// Relative URLs, so the page works wherever the prefix is served from.
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${DOCS_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Canopy API reference</title>
<style>body { margin: 0; }</style>
</head>
<body>
<redoc spec-url="openapi.json"></redoc>
<script src="redoc.standalone.js"></script>
</body>
</html>
`;

/** The OpenAPI document of the manifest's routes. */
export const apiDocument = (manifest: Manifest = loadManifest()) => buildDocument(manifest, FUNCTION_URLS, VERSION);

/** The site's files by name (relative to DOCS_PREFIX; '' is the page). */
export function docsSite(manifest: Manifest = loadManifest()): Record<DocsFileName, Buffer> {
  return {
    '': Buffer.from(PAGE),
    'openapi.json': Buffer.from(`${JSON.stringify(apiDocument(manifest), null, 2)}\n`),
    'redoc.standalone.js': readFileSync(REDOC_BUNDLE),
  };
}

/** Writes the site into dir (emptied first), the page as index.html; returns the file names written. */
export function writeDocsSite(dir: string, manifest: Manifest = loadManifest()): string[] {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return Object.entries(docsSite(manifest)).map(([name, body]) => {
    writeFileSync(join(dir, diskName(name as DocsFileName)), body);
    return diskName(name as DocsFileName);
  });
}

/** Serves the site under DOCS_PREFIX, rebuilt when the manifest is reloaded, so a route added or turned off shows at once. */
export function serveDocs(manifest: () => Manifest): (req: IncomingMessage, res: ServerResponse) => void {
  let built: { from: Manifest; files: Record<DocsFileName, Buffer> } | null = null;
  return serveSite(() => {
    if (built?.from !== manifest()) built = { from: manifest(), files: docsSite(manifest()) };
    return built.files;
  });
}
