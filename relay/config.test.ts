import { exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { loadRelayConfig } from './config.ts';

const DATABASE_URL = 'postgres://u:p@127.0.0.1:5432/db';
const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const signingKey = JSON.stringify({ ...(await exportJWK(privateKey)), kid: 'k1' });
// What the HTTP fallback signs its pushes with (npm start and the tests make the key).
const SIGNING = { RELAY_PUSH_SIGNING_KEY: signingKey, RELAY_PUSH_AUDIENCE: 'canopy-order-events', RELAY_PUSH_SERVICE_ACCOUNT: 'push@p.iam.gserviceaccount.com' };

describe('loadRelayConfig', () => {
  it('pushes over HTTP when RELAY_PUSH_URL is set, with the push subscription\'s policy', () => {
    const config = loadRelayConfig({ DATABASE_URL, RELAY_PUSH_URL: 'http://127.0.0.1:8083/', PUBSUB_EMULATOR_HOST: '127.0.0.1:8085', ...SIGNING });
    expect(config.target).toBe('push to http://127.0.0.1:8083/ (no Pub/Sub)');
    expect(config.createSink().retry).toEqual({ minBackoffMs: 10_000, maxBackoffMs: 600_000, maxAttempts: 5 });
  });

  it('publishes to the emulator or to Pub/Sub, retrying soon and never dead-lettering', async () => {
    const emulator = loadRelayConfig({ DATABASE_URL, PUBSUB_EMULATOR_HOST: '127.0.0.1:8085', RELAY_MIN_BACKOFF_MS: '50' });
    expect(emulator.target).toBe('publish to the Pub/Sub emulator at 127.0.0.1:8085 (canopy-local)');
    const sink = emulator.createSink();
    expect(sink.retry).toEqual({ minBackoffMs: 50, maxBackoffMs: 60_000, maxAttempts: null });
    await sink.close();
    expect(loadRelayConfig({ DATABASE_URL, GOOGLE_CLOUD_PROJECT: 'canopy-prod' }).target).toBe('publish to Pub/Sub in canopy-prod');
  });

  it('stops within Cloud Run\'s 10 s and calls the loop stale after 30 s, or 10 polls if longer, unless told', () => {
    const push = { DATABASE_URL, RELAY_PUSH_URL: 'http://127.0.0.1:8083/', ...SIGNING };
    expect(loadRelayConfig(push)).toMatchObject({ stopTimeoutMs: 8000, staleMs: 30_000, port: null });
    expect(loadRelayConfig({ ...push, RELAY_POLL_MS: '5000' }).staleMs).toBe(50_000);
    expect(loadRelayConfig({ ...push, RELAY_HEALTH_STALE_MS: '1000', RELAY_STOP_TIMEOUT_MS: '500', PORT: '8080' })).toMatchObject({
      staleMs: 1000,
      stopTimeoutMs: 500,
      port: 8080,
    });
  });

  it('says in one line what is missing', () => {
    expect(() => loadRelayConfig({ DATABASE_URL })).toThrow('nowhere to deliver events: set PUBSUB_EMULATOR_HOST (the emulator), GOOGLE_CLOUD_PROJECT (Pub/Sub) or RELAY_PUSH_URL (no Pub/Sub: push to order-events)');
    expect(() => loadRelayConfig({ RELAY_PUSH_URL: 'http://x/' })).toThrow(/^DATABASE_URL: DATABASE_URL is not set/);
    expect(() => loadRelayConfig({ DATABASE_URL, RELAY_PUSH_URL: 'ftp://x/' })).toThrow(/RELAY_PUSH_URL must be/);
    expect(() => loadRelayConfig({ DATABASE_URL, RELAY_PUSH_URL: 'http://x/', RELAY_BATCH_SIZE: '0' })).toThrow('RELAY_BATCH_SIZE: must be at least 1');
  });

  it('will not push unsigned: RELAY_PUSH_URL needs a private RSA key and the claims, said in one line', () => {
    const push = { DATABASE_URL, RELAY_PUSH_URL: 'http://x/' };
    const needs = /^RELAY_PUSH_URL needs RELAY_PUSH_SIGNING_KEY .* order-events refuses unsigned pushes \(npm start sets them\)$/;
    expect(() => loadRelayConfig(push)).toThrow(needs);
    expect(() => loadRelayConfig({ ...push, ...SIGNING, RELAY_PUSH_AUDIENCE: '' })).toThrow(/RELAY_PUSH_AUDIENCE/);
    expect(() => loadRelayConfig({ ...push, ...SIGNING, RELAY_PUSH_SIGNING_KEY: '{"kty":"RSA","kid":"k1"}' })).toThrow(/^RELAY_PUSH_SIGNING_KEY is not a private RSA JWK with a kid/);
    expect(() => loadRelayConfig({ ...push, ...SIGNING, RELAY_PUSH_SIGNING_KEY: 'not json' })).toThrow(/^RELAY_PUSH_SIGNING_KEY is not a private RSA JWK with a kid/);
  });
});
