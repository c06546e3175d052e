/**
 * The URL patterns of every function that serves routes, built as each
 * function's index.ts builds them. The views are documented, never run, so
 * the configuration they are built with is the default one (identity, order-stream) or a
 * placeholder (the webhook's secret, which only a request would use).
 */
import { loadIdentityConfig } from '../../functions/identity/config.ts';
import { urlpatterns as identity } from '../../functions/identity/urls.ts';
import { loadStreamSettings } from '../../functions/order-stream/config.ts';
import { urlpatterns as orderStream } from '../../functions/order-stream/urls.ts';
import { urlpatterns as orders } from '../../functions/orders/urls.ts';
import { urlpatterns as paymentsWebhook } from '../../functions/payments-webhook/urls.ts';
import { urlpatterns as sites } from '../../functions/sites/urls.ts';
import { urlpatterns as users } from '../../functions/users/urls.ts';
import type { FunctionUrls } from './document.ts';

export const FUNCTION_URLS: FunctionUrls = {
  users,
  identity: identity(loadIdentityConfig({})),
  orders,
  'payments-webhook': paymentsWebhook({ secret: 'unused: no request is served' }),
  'order-stream': orderStream(loadStreamSettings({})),
  sites,
};
