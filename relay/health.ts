import { createServer, type Server } from 'node:http';
import type { Relay } from './relay.ts';

/**
 * GET /: 200 while the relay's loop is turning, 503 once no batch has ended
 * for `staleMs` (stuck publishing, or the database gone), so Cloud Run's
 * liveness probe restarts it. A Cloud Run service must listen on PORT anyway.
 */
export function serveHealth(port: number, relay: Relay, staleMs: number): Promise<Server> {
  const server = createServer((req, res) => {
    const idleMs = Date.now() - relay.lastRunAt();
    res.writeHead(idleMs < staleMs ? 200 : 503, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ lastBatchMsAgo: idleMs }));
  });
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`port ${port} is in use: set PORT to a free port`) : error),
    );
    server.listen(port, () => resolve(server));
  });
}
