/**
 * The local stand-in for Google's side of authenticated push: a test RS256
 * key, its public key set served on 127.0.0.1 (order-events reads it through
 * PUSH_JWKS_URL, where production reads Google's), and tokens signed with it
 * as Pub/Sub signs a push subscription's. Nothing outside this machine
 * trusts the key: it is made fresh for each run and never written down.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { pushTokenSigner, type PushClaims, type PushSigningJwk } from '../../relay/push-token.ts';

/** The audience and service account infra gives order-events' push subscription, for the local project. */
export const LOCAL_PUSH_CLAIMS: PushClaims = { audience: 'canopy-order-events', serviceAccount: 'canopy-pubsub-push@canopy-local.iam.gserviceaccount.com' };

export interface LocalPushIdentity {
  claims: PushClaims;
  jwksUrl: string;
  /** The private key, for the relay's HTTP fallback (RELAY_PUSH_SIGNING_KEY). */
  signingKey: PushSigningJwk;
  /** What order-events is started with to trust this identity. */
  consumerEnv: Record<string, string>;
  /** What the relay's HTTP fallback signs with. */
  relayEnv: Record<string, string>;
  /** A token as the push subscription's (fresh, valid for an hour). */
  token(): Promise<string>;
  /** A token with claims of your choosing, signed with this key (for tests that must be refused). */
  tokenWith(claims: Record<string, unknown>, expiresAt?: number): Promise<string>;
  close(): Promise<void>;
}

/** Makes a key and serves its key set on 127.0.0.1:`port` (0: any free port). */
export async function startLocalPushIdentity(options: { port?: number; claims?: PushClaims } = {}): Promise<LocalPushIdentity> {
  const claims = options.claims ?? LOCAL_PUSH_CLAIMS;
  const kid = `canopy-local-${randomUUID()}`;
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const keySet = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] });
  const signingKey: PushSigningJwk = { ...(await exportJWK(privateKey)), kid, alg: 'RS256' };
  const server = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(keySet));
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/certs`;
  return {
    claims,
    jwksUrl,
    signingKey,
    consumerEnv: { PUSH_JWKS_URL: jwksUrl, PUSH_AUDIENCE: claims.audience, PUSH_SERVICE_ACCOUNT: claims.serviceAccount },
    relayEnv: { RELAY_PUSH_SIGNING_KEY: JSON.stringify(signingKey), RELAY_PUSH_AUDIENCE: claims.audience, RELAY_PUSH_SERVICE_ACCOUNT: claims.serviceAccount },
    token: pushTokenSigner(signingKey, claims),
    tokenWith: async (custom, expiresAt = Math.floor(Date.now() / 1000) + 3600) =>
      new SignJWT(custom).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).setIssuedAt().setExpirationTime(expiresAt).sign(privateKey),
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
