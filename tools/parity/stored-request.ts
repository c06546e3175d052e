import { copyAsCurl } from '../../shared/parity/index.ts';
import { RUN_HEADER } from './replay.ts';

/** A request as canopy.parity_results stores it: redacted, body as text. */
export interface StoredRequest {
  method: string;
  path: string;
  rawQuery: string;
  headers: Record<string, string | undefined>;
  body: string;
  /** Why no body was stored (a credential route, a body the function's parser refused). */
  bodyWithheld?: string;
}

/** A stored request as curl against `baseUrl`, without a parity run's marker header. */
export function storedRequestCurl(request: StoredRequest, baseUrl: string): string {
  const { [RUN_HEADER]: _, ...headers } = request.headers;
  return copyAsCurl({ ...request, headers, body: Buffer.from(request.body, 'utf8') }, baseUrl);
}

/** Path and query as the client sent them. */
export function storedRequestTarget(request: StoredRequest): string {
  return request.path + (request.rawQuery ? `?${request.rawQuery}` : '');
}
