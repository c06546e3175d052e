import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, serviceUnavailable } from '../http/errors.ts';
import { dataUploadMaxMemorySize } from '../drf/querydict.ts';
import { log } from '../log.ts';
import { serverError } from '../http/django-pages.ts';
import { toCanopyRequest } from './request.ts';
import { startRequestLog } from './request-log.ts';
import { writeStream } from './stream.ts';
import type { CanopyRequest, CanopyResponse } from '../http/types.ts';

/** A Node request handler: what is registered with the Functions Framework and served by the minimal entrypoint. */
export type NodeHandler = (req: IncomingMessage & { rawBody?: Buffer }, res: ServerResponse) => Promise<void>;

/**
 * The monolith's DATA_UPLOAD_MAX_MEMORY_SIZE. Django answers a larger body with its
 * 400 page when a view reads it; the functions refuse it up front with 413,
 * without buffering it (see README, "Where a function deliberately differs").
 * Without a limit in Django, Cloud Run's own 32 MiB request limit bounds it.
 */
export const MAX_BODY_BYTES = Math.min(dataUploadMaxMemorySize(), 32 * 1024 * 1024);

const bodyTooLarge = () => new ApiError('request_too_large', 413, { detail: 'Request body is too large.' });

async function readBody(req: IncomingMessage & { rawBody?: Buffer }): Promise<Buffer> {
  // The Functions Framework has already consumed the stream and kept the bytes.
  if (req.rawBody) {
    if (req.rawBody.length > MAX_BODY_BYTES) throw bodyTooLarge();
    return req.rawBody;
  }
  if (Number(req.headers['content-length']) > MAX_BODY_BYTES) throw bodyTooLarge();
  if (req.readableEnded) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw bodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Connection-level database failures: answer 503 instead of a Django 500 page. */
function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return (
    typeof code === 'string' &&
    (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED'].includes(code) ||
      code.startsWith('57P') || // admin shutdown, crash shutdown, cannot connect now
      code === '57014' || // statement_timeout
      code === '53300' || // too many connections
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

/**
 * The answer, or a clean 503 once `timeoutMs` has passed (a full pool or a
 * stuck database must not hold the client). The work itself runs on; the
 * database's statement_timeout ends it. What can be given up (the forward to
 * the monolith) is aborted a little before, through the request's signal, so
 * it has ended by the time the client is answered.
 */
function withDeadline(work: (signal: AbortSignal) => Promise<CanopyResponse>, timeoutMs: number): Promise<CanopyResponse> {
  const giveUp = new AbortController();
  const abortTimer = setTimeout(() => giveUp.abort(new Error(`request deadline of ${timeoutMs} ms is near`)), timeoutMs - Math.min(250, timeoutMs / 10));
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<CanopyResponse>((resolve) => {
    timer = setTimeout(() => {
      log.warning('request deadline passed', { timeoutMs });
      resolve(serviceUnavailable().toResponse());
    }, timeoutMs);
  });
  const answer = work(giveUp.signal);
  answer.catch(() => {}); // a late failure after the deadline is not unhandled
  return Promise.race([answer, deadline]).finally(() => {
    clearTimeout(abortTimer);
    clearTimeout(timer);
  });
}

/** Adapts the transport-neutral handler to Node's request/response pair, with one error boundary. */
export function toNodeHandler(handler: (req: CanopyRequest) => Promise<CanopyResponse>, timeoutMs: number): NodeHandler {
  return async (req, res) => {
    const finish = startRequestLog(req);
    let response: CanopyResponse;
    try {
      const body = await readBody(req);
      response = await withDeadline((signal) => handler(toCanopyRequest(req, body, signal)), timeoutMs);
    } catch (error) {
      response = failureResponse(error);
    }
    res.statusCode = response.status;
    const grouped = new Map<string, string[]>();
    for (const [name, value] of response.headers) grouped.set(name, [...(grouped.get(name) ?? []), value]);
    for (const [name, values] of grouped) res.setHeader(name, values.length === 1 ? values[0]! : values);
    // A refused body is not read: close the connection rather than drain it.
    if (response.status === 413) res.setHeader('Connection', 'close');
    if (response.stream) return finish(response.status, await writeStream(res, response.stream));
    // An answer Django sends without Content-Length goes out chunked, as gunicorn sends it: Node
    // would otherwise add one when it gets the whole body at once.
    if (response.withoutLength) res.flushHeaders();
    res.end(response.body);
    finish(response.status, response.body.length);
  };
}
