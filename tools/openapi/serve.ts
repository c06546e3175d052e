/**
 * Serves the API reference's files under DOCS_PREFIX: the local load balancer
 * (from the site built in memory, tools/openapi/site.ts) and the production
 * docs service (from the files `npm run build` put beside it,
 * tools/openapi/service.ts) answer with this one handler, so both send the
 * same files, types and Content-Security-Policy. Imports nothing but types:
 * it is bundled into the docs service.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Where the API reference is served: a path the monolith never uses. */
export const DOCS_PREFIX = '/api/docs/';

/**
 * The page's policy keeps it on its own origin: Redoc's sidebar links a logo
 * from Redocly's CDN, which it then never fetches. In the page's meta tag and
 * as a response header on every file.
 */
export const DOCS_CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; worker-src 'self' blob:; font-src 'self' data:";

/** The site's files by name relative to DOCS_PREFIX ('' is the page), with the type each is served as. */
export const DOCS_FILES = {
  '': 'text/html; charset=utf-8',
  'openapi.json': 'application/json',
  'redoc.standalone.js': 'text/javascript; charset=utf-8',
} as const;

export type DocsFileName = keyof typeof DOCS_FILES;

/** The file a site name is written to on disk (the page as index.html). */
export const diskName = (name: DocsFileName) => name || 'index.html';

/** Serves the files as a static host would (GET and HEAD; the bare prefix redirects to its slash form). */
export function serveSite(files: () => Record<DocsFileName, Buffer>): (req: IncomingMessage, res: ServerResponse) => void {
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
    const name = path.slice(DOCS_PREFIX.length);
    if (!path.startsWith(DOCS_PREFIX) || !Object.hasOwn(DOCS_FILES, name)) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      return void res.end('404 Not Found\n');
    }
    const body = files()[name as DocsFileName];
    res.writeHead(200, {
      'content-type': DOCS_FILES[name as DocsFileName],
      'content-length': body.length,
      'content-security-policy': DOCS_CSP,
      'cache-control': 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}
