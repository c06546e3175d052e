/**
 * Production observations: the load balancer's request logs, in the format
 * an external Application Load Balancer writes them, published to a topic as
 * a log sink does and pulled by the relay into canopy.route_observations,
 * where the rollout gates read them. Google's Pub/Sub emulator carries them;
 * Cloud Logging's sink itself cannot run here, so the test publishes what it
 * would (one LogEntry as JSON per message).
 */
import { randomBytes } from 'node:crypto';
import { PubSub } from '@google-cloud/pubsub';
import type postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { parseDatabaseUrl } from '../../shared/database-url.ts';
import { openSql } from '../../shared/db.ts';
import { loadRelayConfig } from '../../relay/config.ts';
import { startRelay, type RunningRelay } from '../../relay/start.ts';
import { loadManifest } from '../../tools/manifest.ts';
import { DEFAULT_GATES, judge } from '../../tools/rollout/gates.ts';
import { readWindow } from '../../tools/rollout/window.ts';
import { startPubSubEmulator, type PubSubEmulator } from '../../tools/pubsub/emulator.ts';
import { createDatabase, withDatabase } from '../../tools/stack/postgres.ts';
import { freePort } from '../../tools/stack/ports.ts';
import { eventually } from '../migration/support.ts';

const TOPIC = 'canopy-lb-requests';
const SUBSCRIPTION = 'canopy-lb-requests-relay';
let emulator: PubSubEmulator;
let pubsub: PubSub;
let sql: postgres.Sql;
let relay: RunningRelay;

/** A request log entry as the external Application Load Balancer writes it (fields the sink passes on unchanged). */
function entry(over: { backend: string; method?: string; url?: string; status?: number; latency?: string; details?: string; insertId?: string }) {
  return {
    insertId: over.insertId ?? randomBytes(6).toString('hex'),
    jsonPayload: {
      '@type': 'type.googleapis.com/google.cloud.loadbalancing.type.LoadBalancerLogEntry',
      statusDetails: over.details ?? 'response_sent_by_backend',
      backendTargetProjectNumber: 'projects/123456789012',
      remoteIp: '203.0.113.7',
    },
    httpRequest: {
      requestMethod: over.method ?? 'GET',
      requestUrl: over.url ?? 'https://api.example.com/api/users/me/',
      requestSize: '312',
      status: over.status ?? 200,
      responseSize: '498',
      userAgent: 'curl/8.5.0',
      remoteIp: '203.0.113.7',
      serverIp: '10.128.0.9',
      latency: over.latency ?? '0.012500s',
      protocol: 'HTTP/1.1',
    },
    resource: {
      type: 'http_load_balancer',
      labels: {
        project_id: 'canopy-prod',
        zone: 'global',
        url_map_name: 'canopy',
        forwarding_rule_name: 'canopy-https',
        target_proxy_name: 'canopy-https',
        backend_service_name: over.backend,
        backend_target_name: over.backend,
        backend_target_type: 'BACKEND_SERVICE',
        backend_name: '',
        backend_type: over.backend === 'canopy-monolith' ? 'INTERNET_FQDN_NETWORK_ENDPOINT_GROUP' : 'SERVERLESS_NETWORK_ENDPOINT_GROUP',
        matched_url_path_rule: 'UNMATCHED',
      },
    },
    timestamp: new Date().toISOString(),
    severity: 'INFO',
    logName: 'projects/canopy-prod/logs/requests',
    trace: 'projects/canopy-prod/traces/0af7651916cd43dd8448eb211c80319c',
    receiveTimestamp: new Date().toISOString(),
  };
}

const publish = (data: object | string) => pubsub.topic(TOPIC).publishMessage({ data: Buffer.from(typeof data === 'string' ? data : JSON.stringify(data)) });
const rows = () => sql<{ route_id: string; backend: string; status: number; latency_ms: number }[]>`
  select route_id, backend, status, latency_ms from canopy.route_observations order by backend, status, latency_ms`;

beforeAll(async () => {
  emulator = await startPubSubEmulator({ port: await freePort() });
  pubsub = new PubSub({ projectId: emulator.project, apiEndpoint: emulator.host });
  const [topic] = await pubsub.createTopic(TOPIC);
  await topic.createSubscription(SUBSCRIPTION);
  const dbname = `canopy_${randomBytes(4).toString('hex')}`;
  await createDatabase(inject('pgAdminUrl'), dbname, parseDatabaseUrl(inject('pgTemplateUrl')).database);
  const databaseUrl = withDatabase(inject('pgAdminUrl'), dbname);
  sql = openSql(databaseUrl, { max: 2 });
  relay = await startRelay(
    loadRelayConfig({ DATABASE_URL: databaseUrl, PUBSUB_EMULATOR_HOST: emulator.host, PUBSUB_PROJECT_ID: emulator.project, OBSERVATIONS_SUBSCRIPTION: SUBSCRIPTION }),
  );
});

afterAll(async () => {
  await relay?.stop();
  await pubsub?.close();
  await emulator?.stop();
  await sql?.end({ timeout: 1 });
});

describe('load-balancer request logs through Pub/Sub', () => {
  it('stores each routed answer once per backend, and drops what no backend answered or no route covers', async () => {
    const duplicate = entry({ backend: 'canopy-users', latency: '0.004000s', insertId: 'dup-1' });
    const messages: Array<object | string> = [
      duplicate,
      duplicate, // a redelivery, or the sink's at-least-once
      entry({ backend: 'canopy-monolith', latency: '0.250000s' }),
      entry({ backend: 'canopy-users', status: 502, latency: '0.001s', details: 'failed_to_connect_to_backend' }),
      entry({ backend: 'canopy-users', url: 'https://api.example.com/api/users/7/?fields=id', latency: '0.003s' }),
      entry({ backend: 'canopy-monolith', status: 403, details: 'denied_by_security_policy' }), // Cloud Armor answered
      entry({ backend: 'canopy-monolith', method: 'DELETE' }), // a method the route does not list
      entry({ backend: 'canopy-monolith', url: 'https://api.example.com/admin/login/' }), // not migrated
      entry({ backend: 'other-service' }), // another load balancer's backend
      'not json',
    ];
    for (const m of messages) await publish(m);

    expect(await eventually(async () => (await rows()).length >= 4, 30_000)).toBe(true);
    await new Promise((r) => setTimeout(r, 1500)); // one more flush: nothing else may arrive
    expect(await rows()).toEqual([
      { route_id: 'users-me', backend: 'monolith', status: 200, latency_ms: 250 },
      { route_id: 'users-detail', backend: 'users', status: 200, latency_ms: 3 },
      { route_id: 'users-me', backend: 'users', status: 200, latency_ms: 4 },
      { route_id: 'users-me', backend: 'users', status: 502, latency_ms: 1 },
    ]);
  });

  it('feeds the gates: per-request latencies for Mann-Whitney and 5xx per backend', async () => {
    for (let i = 0; i < 30; i++) {
      await publish(entry({ backend: 'canopy-users', url: 'https://api.example.com/api/users/3/', latency: `0.00${(i % 5) + 2}s` }));
      await publish(entry({ backend: 'canopy-monolith', url: 'https://api.example.com/api/users/3/', latency: `0.0${(i % 5) + 4}s` }));
    }
    const route = loadManifest().routes.find((r) => r.id === 'users-detail')!;
    expect(await eventually(async () => (await readWindow(sql, route, 600)).monolith.length >= 30, 30_000)).toBe(true);
    const window = await readWindow(sql, route, 600);
    expect(window.fn.length).toBe(31);
    const gates = judge('canary', window, { ...DEFAULT_GATES, minRequests: 30, minSeconds: 0 });
    expect(gates.map((g) => [g.gate, g.verdict])).toEqual([['parity', 'pass'], ['errors', 'pass'], ['latency', 'pass']]);
    expect(gates[2]!.detail).toMatch(/p50 function 4\.0 ms vs monolith 60\.0 ms/);
  });
});
