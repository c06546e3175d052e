import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { createLocalJWKSet, errors, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';

/** How long to wait for the key set, how long its keys are kept, how soon an unknown key id may fetch it again. */
export interface KeySetTiming {
  timeoutMs: number;
  maxAgeMs: number;
  cooldownMs: number;
}

// jose's remote key set's: keys kept 10 minutes, fetched again for an unknown key id at most every 30 s.
const JOSE_TIMING: KeySetTiming = { timeoutMs: 5000, maxAgeMs: 600_000, cooldownMs: 30_000 };

/** A key set fetched from a URL: jose's key lookup, and `reload()` to fetch it ahead of the first token. */
export type RemoteKeySet = JWTVerifyGetKey & { reload(): Promise<void> };

/**
 * jose's createRemoteJWKSet, fetching with node:http(s) instead of fetch: jose's
 * remote key set makes a Headers object, and fetch or Headers loads Node's
 * undici (about 30 ms of CPU, measured in a cold start's CPU profile), which
 * a push consumer would otherwise pay in every cold start.
 */
export function remoteKeySet(url: URL, { timeoutMs, maxAgeMs, cooldownMs }: KeySetTiming = JOSE_TIMING): RemoteKeySet {
  let keys: ReturnType<typeof createLocalJWKSet> | null = null;
  let fetchedAt = 0;
  let pending: Promise<void> | null = null;
  const reload = () =>
    (pending ??= fetchJson(url, timeoutMs)
      .then((jwks) => {
        keys = createLocalJWKSet(jwks as JSONWebKeySet);
        fetchedAt = Date.now();
      })
      .finally(() => (pending = null)));
  const getKey: JWTVerifyGetKey = async (header, token) => {
    if (!keys || Date.now() - fetchedAt > maxAgeMs) await reload();
    try {
      return await keys!(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey) || Date.now() - fetchedAt < cooldownMs) throw error;
      await reload(); // a key Google has just rotated in
      return keys!(header, token);
    }
  };
  return Object.assign(getKey, { reload });
}

function fetchJson(url: URL, timeoutMs: number): Promise<unknown> {
  const get = url.protocol === 'https:' ? httpsGet : httpGet;
  return new Promise((resolve, reject) => {
    const request = get(url, { headers: { accept: 'application/json, application/jwk-set+json' }, timeout: timeoutMs }, (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        if (response.statusCode !== 200) return reject(new Error(`the key set answered ${response.statusCode}`));
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch {
          reject(new Error('the key set is not JSON'));
        }
      });
    });
    request.on('timeout', () => request.destroy(new Error(`no key set within ${timeoutMs} ms`)));
    request.on('error', reject);
  });
}
