/**
 * The API reference as a static site of three files: the OpenAPI document,
 * Redoc's standalone bundle (from node_modules: nothing is loaded from a
 * CDN) and a page that renders one with the other. The local load balancer
 * serves them under /api/docs/; in production the build uploads the same
 * files to the bucket the load balancer routes /api/docs/ to (infra/README.md).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { loadManifest, type Manifest } from '../manifest.ts';
import { DOCS_PREFIX } from '../stack/load-balancer.ts';
import { buildDocument } from './document.ts';
import { FUNCTION_URLS } from './functions.ts';

/** A file of the site. */
export interface SiteFile {
  contentType: string;
  body: Buffer;
}

const REDOC_BUNDLE = createRequire(import.meta.url).resolve('redoc/bundles/redoc.standalone.js');
const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

// Relative URLs, so the page works wherever the prefix is served from. The policy keeps the page on
// its own origin: Redoc's sidebar links a logo from Redocly's CDN, which it then never fetches.
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; worker-src 'self' blob:; font-src 'self' data:">
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
export function docsSite(manifest: Manifest = loadManifest()): Record<string, SiteFile> {
  return {
    '': { contentType: 'text/html; charset=utf-8', body: Buffer.from(PAGE) },
    'openapi.json': { contentType: 'application/json', body: Buffer.from(`${JSON.stringify(apiDocument(manifest), null, 2)}\n`) },
    'redoc.standalone.js': { contentType: 'text/javascript; charset=utf-8', body: readFileSync(REDOC_BUNDLE) },
  };
}

/** Serves the site under DOCS_PREFIX as a bucket would (GET and HEAD; the bare prefix redirects to its slash form). */
export function serveDocs(manifest: () => Manifest): (req: IncomingMessage, res: ServerResponse) => void {
  let built: { from: Manifest; files: Record<string, SiteFile> } | null = null;
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === DOCS_PREFIX.slice(0, -1)) {
      res.writeHead(301, { location: DOCS_PREFIX });
      return void res.end();
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      return void res.end('405 Method Not Allowed\n');
    }
    // Rebuilt when the manifest is reloaded, so a route added or turned off shows at once.
    if (built?.from !== manifest()) built = { from: manifest(), files: docsSite(manifest()) };
    const file = built.files[path.slice(DOCS_PREFIX.length)];
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      return void res.end('404 Not Found\n');
    }
    res.writeHead(200, { 'content-type': file.contentType, 'content-length': file.body.length, 'cache-control': 'no-cache' });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  };
}
