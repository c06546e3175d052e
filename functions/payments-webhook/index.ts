import { defineFunction } from '../../shared/function.ts';
import { loadWebhookConfig } from './config.ts';
import { urlpatterns } from './urls.ts';

// Read before the function is defined: a missing secret stops start-up (the entrypoint awaits this module).
const config = await loadWebhookConfig();

/** payments-webhook: the monolith's payment provider webhook. */
const paymentsWebhook = defineFunction('payments-webhook', urlpatterns(config));

// The entrypoint looks the handler up by FUNCTION_TARGET, which has a dash.
export { paymentsWebhook as 'payments-webhook' };
