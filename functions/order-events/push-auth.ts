import { errors, jwtVerify } from 'jose';
import type { PushIdentity } from './config.ts';
import { remoteKeySet } from './key-set.ts';

/** Whether a push may be applied, and if not the answer and why (for the log). */
export type PushAuth = { ok: true } | { ok: false; status: 401 | 403 | 503; reason: string };

/** Checks a push's Authorization header; `warm()` fetches the key set ahead of the first push (at cold start). */
export type PushVerifier = ((authorization: string | undefined) => Promise<PushAuth>) & { warm(): Promise<void> };

// Google signs the OIDC tokens of push subscriptions; both spellings of its issuer occur.
const GOOGLE_ISSUERS = ['https://accounts.google.com', 'accounts.google.com'];

// A token the caller got wrong (401); anything else (the key set unreachable, unreadable) is ours (503, retried).
const REJECTED = new Set([
  errors.JWSInvalid.code,
  errors.JWTInvalid.code,
  errors.JWTExpired.code,
  errors.JWTClaimValidationFailed.code,
  errors.JWSSignatureVerificationFailed.code,
  errors.JWKSNoMatchingKey.code,
  errors.JWKSMultipleMatchingKeys.code,
  errors.JOSEAlgNotAllowed.code,
  errors.JOSENotSupported.code,
]);

/**
 * Checks the OIDC token Pub/Sub puts on a push (Authorization: Bearer <JWT>):
 * signed with a key of the identity's key set (Google's in production; the
 * keys are fetched once and again when an unknown key id shows up), issued
 * by Google, for the push subscription's audience, naming its service
 * account with a verified email. Cloud Run must not check the token itself
 * (infra: invoker IAM off for push consumers): it would strip the signature.
 */
export function pushVerifier(identity: PushIdentity): PushVerifier {
  const keys = remoteKeySet(new URL(identity.jwksUrl));
  const verify = async (authorization: string | undefined): Promise<PushAuth> => {
    const token = /^Bearer +(\S+)$/i.exec(authorization?.trim() ?? '')?.[1];
    if (!token) return { ok: false, status: 401, reason: 'no bearer token' };
    let claims: Record<string, unknown>;
    try {
      ({ payload: claims } = await jwtVerify(token, keys, { issuer: GOOGLE_ISSUERS, audience: identity.audience, algorithms: ['RS256'], clockTolerance: 30 }));
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      if (REJECTED.has(code)) return { ok: false, status: 401, reason: `token refused (${code}: ${(error as Error).message})` };
      return { ok: false, status: 503, reason: `cannot check tokens: the key set at ${identity.jwksUrl} is unavailable (${(error as Error).message})` };
    }
    if (claims.email !== identity.serviceAccount || claims.email_verified !== true) {
      return { ok: false, status: 403, reason: `token for ${String(claims.email)}${claims.email_verified === true ? '' : ' (email not verified)'}, not the push service account` };
    }
    return { ok: true };
  };
  // A key set that cannot be fetched at start is fetched again by the first push (which answers 503 if it still cannot).
  return Object.assign(verify, { warm: () => keys.reload().catch(() => {}) });
}
