import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, serviceUnavailable } from '../drf/errors.ts';
import { log } from '../log.ts';
import { serverError } from './django-pages.ts';
import type { Handler } from './handler.ts';
import { toCanopyRequest } from './request.ts';
import type { CanopyResponse } from './types.ts';

/** A Node request handler: what is registered with the Functions Framework and served by the minimal entrypoint. */
export type NodeHandler = (req: IncomingMessage & { rawBody?: Buffer }, res: ServerResponse) => Promise<void>;

async function readBody(req: IncomingMessage & { rawBody?: Buffer }): Promise<Buffer> {
  // The Functions Framework has already consumed the stream and kept the bytes.
  if (req.rawBody) return req.rawBody;
  if (req.readableEnded) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Connection-level database failures: answer 503 instead of a Django 500 page. */
function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return (
    typeof code === 'string' &&
    (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED'].includes(code) ||
      code.startsWith('57P') || // admin shutdown, crash shutdown, cannot connect now
      code.startsWith('08')) // connection exceptions
  );
}

function failureResponse(error: unknown): CanopyResponse {
  if (error instanceof ApiError) return error.toResponse();
  if (isDatabaseUnavailable(error)) {
    log.warning('database unavailable', { error: String(error) });
    return serviceUnavailable().toResponse();
  }
  log.error('unhandled error', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  return serverError();
}

/** Adapts the transport-neutral handler to Node's request/response pair, with one error boundary. */
export function toNodeHandler(handler: Handler): NodeHandler {
  return async (req, res) => {
    let response: CanopyResponse;
    try {
      response = await handler(toCanopyRequest(req, await readBody(req)));
    } catch (error) {
      response = failureResponse(error);
    }
    res.statusCode = response.status;
    const grouped = new Map<string, string[]>();
    for (const [name, value] of response.headers) grouped.set(name, [...(grouped.get(name) ?? []), value]);
    for (const [name, values] of grouped) res.setHeader(name, values.length === 1 ? values[0]! : values);
    res.end(response.body);
  };
}
