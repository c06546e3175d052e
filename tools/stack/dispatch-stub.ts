import { createServer, type Server } from 'node:http';

/** One call the dispatch partner received. */
export interface DispatchCall {
  idempotencyKey: string | null;
  body: unknown;
  receivedAt: string;
}

export interface DispatchStub {
  url: string;
  calls: DispatchCall[];
  /** Latency of every answer, in milliseconds; changeable while running. */
  latencyMs: number;
  /** Status to answer with (e.g. 503 to play an outage). */
  status: number;
  close(): Promise<void>;
}

/**
 * The dispatch partner stand-in: POST /dispatch answers after `latencyMs`,
 * recording every call; GET /calls lists them (for state comparisons).
 */
export function startDispatchStub(port: number, latencyMs = 100): Promise<DispatchStub> {
  const stub: Omit<DispatchStub, 'url' | 'close'> = { calls: [], latencyMs, status: 200 };
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/calls') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify(stub.calls));
    }
    if (req.method !== 'POST' || req.url !== '/dispatch') {
      res.writeHead(404);
      return void res.end();
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      setTimeout(() => {
        let body: unknown = null;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          body = Buffer.concat(chunks).toString('utf8');
        }
        if (stub.status < 300) {
          stub.calls.push({ idempotencyKey: (req.headers['idempotency-key'] as string) ?? null, body, receivedAt: new Date().toISOString() });
        }
        res.writeHead(stub.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ accepted: stub.status < 300 }));
      }, stub.latencyMs);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(error.code === 'EADDRINUSE' ? `port ${port} is in use (dispatch stub): set DISPATCH_PORT to a free port` : error.message)),
    );
    server.listen(port, '127.0.0.1', () =>
      resolve(Object.assign(stub, {
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise<void>((r) => server.close(() => r())),
      })),
    );
  });
}
