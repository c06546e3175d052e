import { defineFunction, views } from '../../shared/function.ts';
import { path } from '../../shared/http/urls.ts';
import { loadWebhookConfig } from './config.ts';
import { paymentWebhookView } from './views.ts';

/** payments-webhook: the monolith's payment provider webhook. */
const paymentsWebhook = defineFunction('payments-webhook', {
  config: loadWebhookConfig,
  routes: (config) => views([path(/^api\/webhooks\/payments\/$/, paymentWebhookView(config))]),
});

// The entrypoint looks the handler up by FUNCTION_TARGET, the function's name.
export { paymentsWebhook as 'payments-webhook' };
