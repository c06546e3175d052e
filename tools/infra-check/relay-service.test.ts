/**
 * The relay's environment, as Terraform gives it (modules/relay-service
 * local.env, evaluated by Terraform itself, plus DATABASE_URL from Secret
 * Manager), configures the relay to publish to Pub/Sub in the project.
 */
import { describe, expect, it } from 'vitest';
import { loadRelayConfig } from '../../relay/config.ts';
import { loadTerraform } from './terraform.ts';
import { evaluate } from './terraform-eval.ts';

const relayModule = (await loadTerraform()).get('modules/relay-service')!;
const envFor = (vars: Record<string, unknown>) => evaluate(relayModule, ['local.env'], { vars })[0] as Record<string, string>;

describe('the relay service\'s environment', () => {
  const subscription = { name: 'canopy-lb-requests-relay', id: 'projects/canopy-prod/subscriptions/canopy-lb-requests-relay' };

  it('names the project, so the relay publishes to Pub/Sub there, with the RELAY_* settings beside it and the request-log subscription', () => {
    const env = envFor({ project_id: 'canopy-prod', env: { RELAY_BATCH_SIZE: '50' }, observation_subscription: subscription, db_pool_size: 3 });
    expect(env).toEqual({ GOOGLE_CLOUD_PROJECT: 'canopy-prod', RELAY_BATCH_SIZE: '50', OBSERVATIONS_SUBSCRIPTION: 'canopy-lb-requests-relay', RELAY_DB_POOL_MAX: '3' });
    const config = loadRelayConfig({ ...env, DATABASE_URL: 'postgres://relay:secret@/canopy?host=/cloudsql/canopy-prod:europe-west1:main' });
    expect(config.target).toBe('publish to Pub/Sub in canopy-prod');
    expect(config.batchSize).toBe(50);
    expect(config.observations).toEqual({ projectId: 'canopy-prod', apiEndpoint: undefined, subscription: 'canopy-lb-requests-relay' });
    // The pool the connection budget counts (the root passes relay_db_pool_size).
    expect(config.poolSize).toBe(3);
  });

  it('refuses settings that are not the relay\'s', () => {
    expect(() => envFor({ project_id: 'canopy-prod', env: { RELAY_PUSH_URL: 'https://x/', SECRET_KEY: 'x' }, observation_subscription: subscription, db_pool_size: 2 })).toThrow(/env must map RELAY_\* variable names/);
    // Its pool size has one source, the one the connection budget counts.
    expect(() => envFor({ project_id: 'canopy-prod', env: { RELAY_DB_POOL_MAX: '10' }, observation_subscription: subscription, db_pool_size: 2 })).toThrow(/env must not set RELAY_DB_POOL_MAX: set db_pool_size/);
  });
});
