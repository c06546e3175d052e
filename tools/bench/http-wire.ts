/**
 * HTTP/1.1 on the wire for the load generator: requests encoded once into
 * bytes, responses parsed incrementally (Content-Length, chunked, or body up
 * to the close). Written by hand because node:http's client costs about five
 * times the CPU per request, and on a 2-core machine the load generator's
 * CPU is taken from the servers being measured.
 */

/** One request, sent as given plus Host and Content-Length. */
export interface RequestSpec {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** A complete response; `body` only when the parser keeps bodies. */
export interface WireResponse {
  status: number;
  /** Header names lower-cased, in order; repeated headers (Set-Cookie) appear once each. */
  headers: Array<[string, string]>;
  body: Buffer;
  /** Whether the server closes the connection after this response (gunicorn's sync workers always do). */
  close: boolean;
}

/** Encodes a request once, so a load loop only writes bytes. */
export function encodeRequest(spec: RequestSpec, host: string): Buffer {
  const body = spec.body === undefined ? undefined : Buffer.from(spec.body);
  const lines = [`${spec.method} ${spec.path} HTTP/1.1`, `Host: ${host}`];
  for (const [name, value] of Object.entries(spec.headers ?? {})) lines.push(`${name}: ${value}`);
  if (body) lines.push(`Content-Length: ${body.length}`);
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  return body ? Buffer.concat([head, body]) : head;
}

const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');
const EMPTY = Buffer.alloc(0);

type State = 'head' | 'length' | 'chunk-size' | 'chunk-data' | 'chunk-end' | 'trailers' | 'until-close';

/** Parses the responses of one connection, in order, as bytes arrive. */
export class ResponseParser {
  private pending: Buffer = EMPTY;
  private state: State = 'head';
  private remaining = 0;
  private current: WireResponse | null = null;
  private parts: Buffer[] = [];

  constructor(
    private readonly onResponse: (response: WireResponse) => void,
    private readonly keepBody = false,
  ) {}

  /** Whether part of a response has arrived and the rest has not. */
  get midResponse(): boolean {
    return this.state !== 'head' || this.pending.length > 0;
  }

  /** Feeds bytes from the socket; calls onResponse for each response they complete. */
  push(chunk: Buffer): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    while (this.step());
  }

  /** The socket ended: completes a body delimited by the close; returns false when a response was cut short. */
  end(): boolean {
    if (this.state === 'until-close') {
      this.finish();
      return true;
    }
    return !this.midResponse;
  }

  private step(): boolean {
    const buf = this.pending;
    switch (this.state) {
      case 'head': {
        const at = buf.indexOf(HEAD_END);
        if (at < 0) return false;
        this.startResponse(buf.toString('latin1', 0, at));
        this.pending = buf.subarray(at + 4);
        return true;
      }
      case 'length':
      case 'chunk-data':
      case 'until-close': {
        if (buf.length === 0) return false;
        const take = this.state === 'until-close' ? buf.length : Math.min(this.remaining, buf.length);
        if (this.keepBody) this.parts.push(buf.subarray(0, take));
        this.pending = buf.subarray(take);
        this.remaining -= take;
        if (this.state === 'length' && this.remaining === 0) this.finish();
        else if (this.state === 'chunk-data' && this.remaining === 0) this.state = 'chunk-end';
        return this.state !== 'until-close';
      }
      case 'chunk-end': {
        if (buf.length < 2) return false;
        this.pending = buf.subarray(2);
        this.state = 'chunk-size';
        return true;
      }
      case 'chunk-size': {
        const at = buf.indexOf(CRLF);
        if (at < 0) return false;
        const size = parseInt(buf.toString('latin1', 0, at).split(';')[0]!, 16);
        this.pending = buf.subarray(at + 2);
        if (Number.isNaN(size)) throw new Error('malformed chunk size');
        this.remaining = size;
        this.state = size === 0 ? 'trailers' : 'chunk-data';
        return true;
      }
      case 'trailers': {
        const at = buf.indexOf(CRLF);
        if (at < 0) return false;
        this.pending = buf.subarray(at + 2);
        if (at === 0) this.finish();
        return true;
      }
    }
  }

  private startResponse(head: string): void {
    const [statusLine, ...lines] = head.split('\r\n');
    const status = Number(statusLine!.slice(9, 12));
    if (!statusLine!.startsWith('HTTP/1.') || !Number.isInteger(status)) throw new Error(`malformed status line: ${statusLine}`);
    const headers: Array<[string, string]> = [];
    let length: number | null = null;
    let chunked = false;
    let close = statusLine!.startsWith('HTTP/1.0');
    for (const line of lines) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers.push([name, value]);
      if (name === 'content-length') length = Number(value);
      else if (name === 'transfer-encoding') chunked = value.toLowerCase().includes('chunked');
      else if (name === 'connection') close = value.toLowerCase() === 'close';
    }
    this.current = { status, headers, body: EMPTY, close };
    if (status === 204 || status === 304 || (status >= 100 && status < 200)) this.finish();
    else if (chunked) this.state = 'chunk-size';
    else if (length !== null) {
      this.remaining = length;
      this.state = 'length';
      if (length === 0) this.finish();
    } else this.state = 'until-close';
  }

  private finish(): void {
    const response = this.current!;
    if (this.keepBody) response.body = Buffer.concat(this.parts);
    this.parts = [];
    this.current = null;
    this.state = 'head';
    // An interim 1xx answer is followed by the real one.
    if (response.status >= 200) this.onResponse(response);
  }
}

/** The value of a cookie a response sets, or undefined. */
export function cookieFrom(response: WireResponse, name: string): string | undefined {
  for (const [header, value] of response.headers) {
    if (header !== 'set-cookie') continue;
    const pair = value.split(';')[0]!;
    const eq = pair.indexOf('=');
    if (pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim();
  }
  return undefined;
}
