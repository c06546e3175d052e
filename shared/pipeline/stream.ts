import type { ServerResponse } from 'node:http';
import { log } from '../log.ts';
import type { ResponseStream } from '../http/types.ts';

/**
 * Sends the headers at once, then the stream's chunks as they are written,
 * and ends the response when the stream settles (or stops writing when the
 * client goes away first). Returns the bytes sent, for the request log.
 */
export async function writeStream(res: ServerResponse, stream: ResponseStream): Promise<number> {
  const gone = new AbortController();
  res.on('close', () => gone.abort());
  let bytes = 0;
  res.flushHeaders();
  try {
    await stream({
      write(chunk) {
        if (res.destroyed || res.writableEnded) return;
        bytes += Buffer.byteLength(chunk);
        res.write(chunk);
      },
      backlog: () => res.writableLength,
      signal: gone.signal,
    });
  } catch (error) {
    // The headers are gone: all that is left is to end the stream (the client reconnects).
    log.error('stream failed', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
  res.end();
  return bytes;
}
