import { describe, expect, it } from 'vitest';
import { loadRelayConfig } from './config.ts';

const DATABASE_URL = 'postgres://u:p@127.0.0.1:5432/db';

describe('loadRelayConfig', () => {
  it('pushes over HTTP when RELAY_PUSH_URL is set, with the push subscription\'s policy', () => {
    const config = loadRelayConfig({ DATABASE_URL, RELAY_PUSH_URL: 'http://127.0.0.1:8083/', PUBSUB_EMULATOR_HOST: '127.0.0.1:8085' });
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
    const push = { DATABASE_URL, RELAY_PUSH_URL: 'http://127.0.0.1:8083/' };
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
});
