/**
 * The Pub/Sub emulator takes a push subscription's oidc_token but sends no
 * token (checked with the emulator installed here: its pushes carry no
 * Authorization header). This forwarder stands between the emulator and
 * order-events and adds the token Pub/Sub would have signed, with the local
 * test key, so order-events runs exactly as in production: it never takes an
 * unsigned push, in any mode. The consumer's answer goes back unchanged (the
 * emulator acknowledges or redelivers on it).
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LocalPushIdentity } from './push-identity.ts';

export interface PushSigner {
  /** The push endpoint to give the emulator's subscription. */
  url: string;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1:`port` (0: any free port) and forwards each push to `consumerUrl`, signed. */
export async function startPushSigner(identity: LocalPushIdentity, consumerUrl: string, port = 0): Promise<PushSigner> {
  const server = createServer((req, res) => {
    forward(req)
      .then(async (answer) => res.writeHead(answer.status, { 'Content-Type': answer.headers.get('content-type') ?? 'application/json' }).end(Buffer.from(await answer.arrayBuffer())))
      // Unreachable consumer: the emulator redelivers, as Pub/Sub would.
      .catch(() => res.writeHead(502).end());
  });
  const forward = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return fetch(consumerUrl, {
      method: req.method,
      headers: { 'Content-Type': req.headers['content-type'] ?? 'application/json', Authorization: `Bearer ${await identity.token()}` },
      body: Buffer.concat(chunks),
    });
  };
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
