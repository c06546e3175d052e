/** A request as the shared handler sees it: transport-neutral, body already read. */
export interface CanopyRequest {
  method: string;
  /** The request target as sent: raw path and query. */
  url: string;
  /** Path without the query string, percent-decoded as Django's PATH_INFO is. */
  path: string;
  /** The raw query string, without '?'. */
  rawQuery: string;
  query: URLSearchParams;
  /** Lower-cased header names, as Node gives them. */
  headers: Record<string, string | undefined>;
  cookies: Record<string, string>;
  body: Buffer;
  /** request.is_secure(): the monolith's SECURE_PROXY_SSL_HEADER says https (shared/django/secure.ts). */
  secure: boolean;
  /** The peer's address on the socket (the load balancer's, in production). */
  remoteAddress: string;
  /** The socket's local address and port: what gunicorn puts in SERVER_NAME and SERVER_PORT. */
  server: { name: string; port: string };
  /**
   * Aborted just before the request's deadline (REQUEST_TIMEOUT_MS): work done for the client
   * that can be given up (the forward to the monolith) stops then, inside the deadline.
   */
  signal: AbortSignal;
}

/** A response: headers are kept in order, Set-Cookie may repeat. */
export interface CanopyResponse {
  status: number;
  headers: Array<[string, string]>;
  /** Django sends it without Content-Length (the 4.2+ slash redirect): not to be added. */
  withoutLength?: boolean;
  body: Buffer;
  /** A body written over time after the headers (Server-Sent Events), instead of `body`. */
  stream?: ResponseStream;
}

/** Writes a streamed body; the response ends when the promise settles. */
export type ResponseStream = (out: StreamSink) => Promise<void>;

/** Where a streamed body goes. */
export interface StreamSink {
  /** Sends a chunk now (never buffered by the function). */
  write(chunk: string): void;
  /** Bytes written that the client has not taken yet: a slow reader's backlog. */
  backlog(): number;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
}
