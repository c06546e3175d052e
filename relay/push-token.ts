import { importJWK, SignJWT, type JWK } from 'jose';

/** Who a signed push claims to come from: what the push subscription's oidc_token names. */
export interface PushClaims {
  audience: string;
  serviceAccount: string;
}

/** A private signing key (RS256) with its key id, as a JWK. */
export type PushSigningJwk = JWK & { kid: string };

/**
 * Signs a push as Pub/Sub signs one for a subscription with an OIDC token:
 * RS256, issuer Google, the subscription's audience, its service account's
 * verified email, valid for an hour. Only where Pub/Sub does not sign
 * (the relay's HTTP fallback, the emulator), with a key the local consumer
 * is configured to trust; production pushes carry Google's tokens.
 */
export function pushTokenSigner(jwk: PushSigningJwk, claims: PushClaims): () => Promise<string> {
  const key = importJWK(jwk, 'RS256');
  return async () =>
    new SignJWT({ email: claims.serviceAccount, email_verified: true, sub: claims.serviceAccount, azp: claims.serviceAccount })
      .setProtectedHeader({ alg: 'RS256', kid: jwk.kid, typ: 'JWT' })
      .setIssuer('https://accounts.google.com')
      .setAudience(claims.audience)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(await key);
}
