/**
 * The API reference at /api/docs/ on the local load balancer, in a real
 * browser (Debian's chromium): Redoc renders every documented operation
 * from the served document, and the page loads nothing from anywhere but
 * the load balancer (no CDN; Redoc's own link to its logo on Redocly's CDN
 * is stopped by the page's Content-Security-Policy before it is sent).
 */
import type { Server } from 'node:http';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadManifest } from '../../tools/manifest.ts';
import { serveDocs } from '../../tools/openapi/site.ts';
import { DOCS_PREFIX, startLoadBalancer } from '../../tools/stack/load-balancer.ts';
import { freePort } from '../../tools/stack/ports.ts';
import { send } from '../support/http.ts';
import { openBrowser } from '../migration/support.ts';

const manifest = loadManifest();
let lb: Server;
let lbUrl: string;
let browser: Awaited<ReturnType<typeof openBrowser>>;
let page: Page;
const requested: string[] = [];
const blocked: string[] = [];

beforeAll(async () => {
  const port = await freePort();
  lbUrl = `http://127.0.0.1:${port}`;
  // No backend runs: anything the docs do not answer would be a 502.
  lb = await startLoadBalancer(manifest, { monolith: null, functions: {} }, port, undefined, undefined, { docs: serveDocs(() => manifest) });
  browser = await openBrowser();
  page = browser.page;
  page.on('request', (request) => requested.push(request.url()));
  // A request the page's Content-Security-Policy stops is never sent (chromium reports it as failed with 'csp').
  page.on('requestfailed', (request) => request.failure()?.errorText === 'csp' && blocked.push(request.url()));
});

afterAll(async () => {
  await browser?.close();
  lb?.close();
});

describe('the API reference at /api/docs/', () => {
  it('is served by the load balancer: the page, the document and the renderer; /api/docs redirects to it', async () => {
    const bare = await send(lbUrl, { path: '/api/docs' });
    expect([bare.status, bare.headers.location?.[0]]).toEqual([301, DOCS_PREFIX]);
    const document = await send(lbUrl, { path: `${DOCS_PREFIX}openapi.json` });
    expect(document.status).toBe(200);
    expect(JSON.parse(document.body.toString()).openapi).toBe('3.1.0');
    expect((await send(lbUrl, { path: `${DOCS_PREFIX}nothing-here` })).status).toBe(404);
  });

  it('renders every documented operation in chromium, loading nothing from elsewhere', async () => {
    const res = await page.goto(`${lbUrl}${DOCS_PREFIX}`);
    expect(res?.status()).toBe(200);
    const document = (await (await fetch(`${lbUrl}${DOCS_PREFIX}openapi.json`)).json()) as { paths: Record<string, Record<string, { summary: string }>> };
    const summaries = Object.values(document.paths).flatMap((item) => Object.values(item).map((op) => op.summary));
    expect(summaries.length).toBe(manifest.routes.flatMap((r) => r.methods.filter((m) => m !== 'HEAD' && m !== 'OPTIONS')).length);
    // Redoc gives each operation a heading with its summary once it has read the document.
    for (const summary of summaries) await page.locator('h2', { hasText: summary }).first().waitFor({ timeout: 30_000 });
    await page.locator('text=Canopy: the migrated API').first().waitFor();
    const fetched = requested.filter((url) => /^https?:/.test(url));
    expect(fetched.length).toBeGreaterThan(1);
    expect(fetched.filter((url) => !url.startsWith(`${lbUrl}/`) && !blocked.includes(url))).toEqual([]);
  });
});
