import * as z from 'zod/mini';
import { parseEnv } from '../../shared/config.ts';
import { readSecret } from '../../shared/secrets.ts';

const envSchema = z.object({
  PAYMENTS_WEBHOOK_SECRET: z.string().check(
    z.minLength(1, "PAYMENTS_WEBHOOK_SECRET is not set: use the payment provider's signing secret, the monolith's PAYMENTS_WEBHOOK_SECRET (Secret Manager in production)"),
  ),
});

export interface WebhookConfig {
  /** The HMAC key of the provider's signatures; never logged. */
  secret: string;
}

/**
 * The webhook's settings, read once at cold start: the secret from the environment (Cloud Run
 * fills it from Secret Manager) or the version PAYMENTS_WEBHOOK_SECRET_SECRET names. Unlike the
 * monolith, which falls back to a dev-only key, a missing secret stops start-up.
 */
export async function loadWebhookConfig(env: NodeJS.ProcessEnv = process.env): Promise<WebhookConfig> {
  const parsed = parseEnv(envSchema, { PAYMENTS_WEBHOOK_SECRET: (await readSecret('PAYMENTS_WEBHOOK_SECRET', env)) ?? '' });
  return { secret: parsed.PAYMENTS_WEBHOOK_SECRET };
}
