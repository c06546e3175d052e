/**
 * The docs service: what its container runs (`node main.js` in
 * dist/docs-service, built by `npm run build` with the site's files beside it).
 * Production's load balancer sends /api/docs and /api/docs/* here
 * (infra/modules/docs-service; infra/README.md, "The API reference in
 * production"). The files are read once at start; a missing one stops it with
 * one line, so a broken image never becomes a serving revision.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { diskName, DOCS_FILES, serveSite, type DocsFileName } from './serve.ts';

try {
  const here = (name: string) => fileURLToPath(new URL(name, import.meta.url));
  const files = Object.fromEntries(
    (Object.keys(DOCS_FILES) as DocsFileName[]).map((name) => {
      try {
        return [name, readFileSync(here(diskName(name)))];
      } catch {
        throw new Error(`${diskName(name)} is missing beside main.js: build the image folder with npm run build`);
      }
    }),
  ) as Record<DocsFileName, Buffer>;
  const port = Number(process.env.PORT ?? 8080);
  const server = createServer(serveSite(() => files));
  server.once('error', (error: NodeJS.ErrnoException) => {
    console.error(`canopy docs: ${error.code === 'EADDRINUSE' ? `port ${port} is in use: set PORT to a free port` : error.message}`);
    process.exit(1);
  });
  server.listen(port, () => console.log(`canopy docs: serving the API reference on port ${port}`));
  // Cloud Run's SIGTERM: finish the requests in hand, then exit.
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
} catch (error) {
  console.error(`canopy docs: ${(error as Error).message}`);
  process.exit(1);
}
