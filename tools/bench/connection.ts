import { connect, type Socket } from 'node:net';
import { encodeRequest, ResponseParser, type RequestSpec, type WireResponse } from './http-wire.ts';

/** A socket-level failure, named by its code (ECONNRESET, ETIMEDOUT, …) for the error counts. */
export class SocketError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

/**
 * One client connection sending one request at a time: kept alive while the
 * server allows it, and reopened for the next request after the server closes.
 */
export class Connection {
  private socket: Socket | null = null;
  private waiting: { resolve(response: WireResponse): void; reject(error: SocketError): void } | null = null;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly timeoutMs: number,
    private readonly keepBody = false,
  ) {}

  /** Sends encoded request bytes; resolves with the response, rejects with a SocketError. */
  send(bytes: Buffer): Promise<WireResponse> {
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      (this.socket ?? this.open()).write(bytes);
    });
  }

  close(): void {
    this.socket?.destroy();
    this.socket = null;
  }

  private open(): Socket {
    const socket = connect({ host: this.host, port: this.port, noDelay: true });
    const current = () => this.socket === socket;
    const parser = new ResponseParser((response) => {
      if (response.close) this.close();
      this.settle()?.resolve(response);
    }, this.keepBody);
    socket.setTimeout(this.timeoutMs);
    socket.on('timeout', () => current() && this.waiting && this.fail('ETIMEDOUT'));
    socket.on('error', (error: NodeJS.ErrnoException) => current() && this.fail(error.code ?? error.message));
    socket.on('data', (chunk: Buffer) => {
      try {
        parser.push(chunk);
      } catch {
        if (current()) this.fail('EPROTO');
      }
    });
    socket.on('end', () => {
      if (!current()) return;
      // A body delimited by the close completes here; otherwise the answer was cut short.
      const complete = parser.end();
      if (this.waiting) this.fail(complete ? 'ECONNRESET' : 'EPREMATURECLOSE');
      else this.close();
    });
    this.socket = socket;
    return socket;
  }

  private settle() {
    const waiting = this.waiting;
    this.waiting = null;
    return waiting;
  }

  private fail(code: string): void {
    this.close();
    this.settle()?.reject(new SocketError(code));
  }
}

/** Sends one request on a connection of its own and returns the whole response. */
export async function requestOnce(url: string, spec: RequestSpec, timeoutMs = 10_000): Promise<WireResponse> {
  const { hostname, port } = new URL(url);
  const connection = new Connection(hostname, Number(port), timeoutMs, true);
  try {
    return await connection.send(encodeRequest(spec, `${hostname}:${port}`));
  } finally {
    connection.close();
  }
}
