import { defineFunction, views } from '../../shared/function.ts';
import { loadWebhookConfig } from './config.ts';
import { urlpatterns } from './urls.ts';

/** payments-webhook: the monolith's payment provider webhook. */
const paymentsWebhook = defineFunction('payments-webhook', {
  config: loadWebhookConfig,
  routes: (config) => views(urlpatterns(config)),
});

// The entrypoint looks the handler up by FUNCTION_TARGET, the function's name.
export { paymentsWebhook as 'payments-webhook' };
