import { request } from 'node:http';
import { createParser } from 'eventsource-parser';

/** One held event stream: when each event type arrived (performance.now()), and what else came. */
export interface TimedStream {
  /** Arrival time of the first event of each type. */
  arrivals: Map<string, number>;
  heartbeats: number;
  /** Resolves once the stream is open and its first bytes (the retry hint) have arrived. */
  opened: Promise<void>;
  ended: boolean;
  close(): void;
}

/**
 * Opens an event stream on its own connection (as each browser tab does) and timestamps every
 * event as its bytes are parsed, so a latency includes the parse, as a client's would.
 */
export function openTimedStream(baseUrl: string, path: string, headers: Record<string, string>): TimedStream {
  const url = new URL(baseUrl);
  const arrivals = new Map<string, number>();
  let close = () => {};
  const stream: TimedStream = { arrivals, heartbeats: 0, opened: Promise.resolve(), ended: false, close: () => close() };
  stream.opened = new Promise((resolve, reject) => {
    const outgoing = request({ host: url.hostname, port: url.port, path, headers: { Accept: 'text/event-stream', ...headers }, agent: false }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`GET ${path}: ${res.statusCode}`));
      const parser = createParser({
        onEvent: (event) => {
          if (event.event && !arrivals.has(event.event)) arrivals.set(event.event, performance.now());
        },
        onComment: () => stream.heartbeats++,
        onRetry: () => resolve(),
      });
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => parser.feed(chunk));
      res.on('close', () => (stream.ended = true));
    });
    outgoing.on('error', reject);
    close = () => outgoing.destroy();
    outgoing.end();
  });
  return stream;
}
