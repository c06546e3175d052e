import { request, type IncomingHttpHeaders } from 'node:http';
import { createParser, type EventSourceMessage } from 'eventsource-parser';

/** A GET of an event stream as it arrives: what was parsed so far, and the answer's head. */
export interface OpenStream {
  status: number;
  headers: IncomingHttpHeaders;
  /** Every byte received, as text (an error answer's body, or the raw stream). */
  text(): string;
  events: EventSourceMessage[];
  comments: string[];
  retries: number[];
  /** Settles when the server ends the answer (or the client closes it). */
  ended: Promise<void>;
  /** Waits until at least `count` events have arrived; fails after `timeoutMs` (a bound on a hang). */
  waitForEvents(count: number, timeoutMs?: number): Promise<EventSourceMessage[]>;
  close(): void;
}

/** Opens `path` on `baseUrl` with exactly `headers`, parsing what arrives as Server-Sent Events. */
export function openStream(baseUrl: string, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<OpenStream> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: url.hostname, port: url.port, path, method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      const events: EventSourceMessage[] = [];
      const comments: string[] = [];
      const retries: number[] = [];
      const waiters = new Set<() => void>();
      const parser = createParser({
        onEvent: (event) => {
          events.push(event);
          for (const wake of waiters) wake();
        },
        onComment: (comment) => comments.push(comment),
        onRetry: (ms) => retries.push(ms),
      });
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        chunks.push(Buffer.from(chunk));
        parser.feed(chunk);
      });
      const ended = new Promise<void>((done) => res.on('close', () => done()));
      resolve({
        status: res.statusCode!,
        headers: res.headers,
        text: () => Buffer.concat(chunks).toString('utf8'),
        events,
        comments,
        retries,
        ended,
        waitForEvents(count, timeoutMs = 30_000) {
          return new Promise((done, fail) => {
            const check = () => {
              if (events.length < count) return;
              clearTimeout(timer);
              waiters.delete(check);
              done(events.slice());
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              fail(new Error(`timed out after ${timeoutMs} ms waiting for ${count} events (have ${events.length}: ${events.map((e) => e.event).join(', ')})`));
            }, timeoutMs);
            waiters.add(check);
            check();
          });
        },
        close: () => res.destroy(),
      });
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}
