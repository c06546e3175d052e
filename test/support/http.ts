import { request } from 'node:http';
import { connect } from 'node:net';

export interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface RawResponse {
  status: number;
  /** Lower-cased header names; repeated headers (Set-Cookie) keep every value. */
  headers: Record<string, string[]>;
  body: Buffer;
}

/** Sends one request exactly as given (no client-added headers beyond Host and Content-Length). */
export function send(baseUrl: string, req: RawRequest): Promise<RawResponse> {
  const url = new URL(baseUrl);
  if (req.method === 'HEAD') return sendHead(url, req);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: url.hostname,
        port: url.port,
        method: req.method ?? 'GET',
        path: req.path,
        headers: { ...(req.body !== undefined ? { 'Content-Length': String(Buffer.byteLength(req.body)) } : {}), ...req.headers },
        agent: false,
        timeout: 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const headers: Record<string, string[]> = {};
          for (let i = 0; i < res.rawHeaders.length; i += 2) {
            const name = res.rawHeaders[i]!.toLowerCase();
            (headers[name] ??= []).push(res.rawHeaders[i + 1]!);
          }
          resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks) });
        });
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`timeout: ${req.method ?? 'GET'} ${req.path}`)));
    outgoing.on('error', reject);
    if (req.body !== undefined) outgoing.write(req.body);
    outgoing.end();
  });
}

/** The value of a cookie set by a response, or undefined. */
export function setCookieValue(res: RawResponse, name: string): string | undefined {
  for (const header of res.headers['set-cookie'] ?? []) {
    const [pair] = header.split(';');
    const eq = pair!.indexOf('=');
    if (pair!.slice(0, eq).trim() === name) return pair!.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * HEAD over a raw socket: gunicorn 20.1 writes the GET body after a HEAD
 * answer, which Node's parser rejects; a client reads the status line and
 * headers and must ignore anything after them, so that is what is returned.
 */
function sendHead(url: URL, req: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    const chunks: Buffer[] = [];
    const lines = Object.entries({ Host: url.host, ...req.headers, Connection: 'close' }).map(([k, v]) => `${k}: ${v}`);
    socket.write(`HEAD ${req.path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.setTimeout(30_000, () => socket.destroy(new Error(`timeout: HEAD ${req.path}`)));
    socket.on('end', () => {
      const raw = Buffer.concat(chunks).toString('latin1');
      const [head] = raw.split('\r\n\r\n');
      const [statusLine, ...headerLines] = head!.split('\r\n');
      const headers: Record<string, string[]> = {};
      for (const line of headerLines) {
        const colon = line.indexOf(':');
        (headers[line.slice(0, colon).trim().toLowerCase()] ??= []).push(line.slice(colon + 1).trim());
      }
      resolve({ status: Number(statusLine!.split(' ')[1]), headers, body: Buffer.alloc(0) });
    });
  });
}
