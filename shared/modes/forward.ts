import { request } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { hopByHopHeaders } from '../http/hop-by-hop.ts';
import type { CanopyRequest, CanopyResponse } from '../http/types.ts';


/** The header the load balancer sends to the monolith's origin, and the functions send with it. */
export const ORIGIN_TOKEN_HEADER = 'x-canopy-origin-token';

export interface ForwardedAnswer extends CanopyResponse {
  latencyMs: number;
}

/**
 * Sends the request, as received, to the monolith and returns its answer untouched (but for
 * hop-by-hop headers). The client's forward ends with the request's signal, inside its
 * deadline: a forward that outlived it would let a slow monolith finish a write the client was
 * already told failed. `signal` null (a noise sample, sent after the client was answered) waits
 * up to `idleTimeoutMs` of silence. `originToken` goes with it as the load balancer's would.
 */
export function forwardToMonolith(
  monolithUrl: string,
  req: CanopyRequest,
  signal: AbortSignal | null = req.signal,
  idleTimeoutMs = 30_000,
  originToken: string | null = null,
): Promise<ForwardedAnswer> {
  const target = new URL(req.url, monolithUrl);
  // gunicorn 20.1 writes a body after a HEAD answer, which breaks HTTP parsers;
  // Django answers HEAD as GET, so ask with GET and drop the body.
  const method = req.method === 'HEAD' ? 'GET' : req.method;
  const headers: Record<string, string> = {};
  const hopByHop = hopByHopHeaders(req.headers.connection);
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined && !hopByHop.has(name)) headers[name] = value;
  headers['content-length'] = String(req.body.length);
  // The monolith's origin answers only requests carrying the token the load balancer adds (infra/README.md, "The edge").
  if (originToken) headers[ORIGIN_TOKEN_HEADER] = originToken;
  const started = performance.now();
  const send = target.protocol === 'https:' ? httpsRequest : request;
  return new Promise((resolve, reject) => {
    const outgoing = send(target, { method, headers, timeout: idleTimeoutMs, ...(signal ? { signal } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const answer: Array<[string, string]> = [];
        const hopByHopAnswer = hopByHopHeaders(res.headers.connection);
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          if (!hopByHopAnswer.has(res.rawHeaders[i]!.toLowerCase())) answer.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
        }
        const body = req.method === 'HEAD' ? Buffer.alloc(0) : Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 502, headers: answer, body, latencyMs: performance.now() - started });
      });
      res.on('error', reject);
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error(`monolith was silent for ${idleTimeoutMs} ms`)));
    outgoing.on('error', reject);
    outgoing.end(req.body);
  });
}
