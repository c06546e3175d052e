import { htmlResponse } from './render.ts';
import type { CanopyResponse } from './types.ts';

// django/views/defaults.py ERROR_PAGE_TEMPLATE, as rendered with DEBUG = False.
const errorPage = (title: string, details: string) =>
  `\n<!doctype html>\n<html lang="en">\n<head>\n  <title>${title}</title>\n</head>\n<body>\n  <h1>${title}</h1><p>${details}</p>\n</body>\n</html>\n`;

/** Django's page_not_found with no 404.html template. */
export const pageNotFound = (): CanopyResponse =>
  htmlResponse(404, errorPage('Not Found', 'The requested resource was not found on this server.'));

/** Django's server_error with no 500.html template. */
export const serverError = (): CanopyResponse => htmlResponse(500, errorPage('Server Error (500)', ''));

/** CommonMiddleware's HttpResponsePermanentRedirect (empty body, Location as given). */
export function permanentRedirect(location: string): CanopyResponse {
  return {
    status: 301,
    headers: [['Content-Type', 'text/html; charset=utf-8'], ['Location', location]],
    body: Buffer.alloc(0),
  };
}
