import { drfAtLeast } from '../django/monolith-settings.ts';
import { jsonResponse } from './render.ts';
import type { CanopyResponse } from './types.ts';

/**
 * The one error type of the request path: it carries the answer the client
 * gets, in the monolith's own format. Callers branch on `code`, not on text.
 */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly data: unknown,
    readonly headers: Array<[string, string]> = [],
  ) {
    super(typeof data === 'object' && data && 'detail' in data ? String(data.detail) : code);
  }

  toResponse(): CanopyResponse {
    return jsonResponse(this.status, this.data, this.headers);
  }
}

// DRF's exception texts (rest_framework/exceptions.py), verbatim.
export const notFound = (detail = 'Not found.') => new ApiError('not_found', 404, { detail });

/**
 * The Http404 of get_object_or_404 for a missing `model` row, as DRF's exception handler answers it:
 * DRF 3.15+ passes Django's message on ("No User matches the given query."), 3.14 said "Not found.".
 * (A lookup value Django cannot convert raises a bare Http404 in DRF's own get_object_or_404: notFound().)
 */
export const noSuchObject = (model: string) => notFound(drfAtLeast(3, 15) ? `No ${model} matches the given query.` : undefined);
export const methodNotAllowed = (method: string) =>
  new ApiError('method_not_allowed', 405, { detail: `Method "${method}" not allowed.` });
export const notAuthenticated = (status = 403) =>
  new ApiError('not_authenticated', status, { detail: 'Authentication credentials were not provided.' });
export const authenticationFailed = (detail = 'Incorrect authentication credentials.', status = 403) =>
  new ApiError('authentication_failed', status, { detail });
export const permissionDenied = (detail = 'You do not have permission to perform this action.') =>
  new ApiError('permission_denied', 403, { detail });
export const parseError = (detail = 'Malformed request.') => new ApiError('parse_error', 400, { detail });
export const unsupportedMediaType = (mediaType: string) =>
  new ApiError('unsupported_media_type', 415, { detail: `Unsupported media type "${mediaType}" in request.` });
export const notAcceptable = () =>
  new ApiError('not_acceptable', 406, { detail: 'Could not satisfy the request Accept header.' });
export const validationError = (errors: unknown) => new ApiError('invalid', 400, errors);
export const throttled = (waitSeconds: number) =>
  new ApiError(
    'throttled',
    429,
    { detail: `Request was throttled. Expected available in ${waitSeconds} second${waitSeconds === 1 ? '' : 's'}.` },
    [['Retry-After', String(waitSeconds)]],
  );
/** What a function answers when its database is unreachable: a clean 503, never a hang. */
export const serviceUnavailable = () =>
  new ApiError('service_unavailable', 503, { detail: 'Service temporarily unavailable, try again later.' });
