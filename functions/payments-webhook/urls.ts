import type { ApiView } from '../../shared/drf/view.ts';
import { path, type UrlPattern } from '../../shared/http/urls.ts';
import type { WebhookConfig } from './config.ts';
import { paymentWebhookView } from './views.ts';

/** The monolith's payments route. */
export const urlpatterns = (config: WebhookConfig): ReadonlyArray<UrlPattern<ApiView>> => [
  path(/^api\/webhooks\/payments\/$/, paymentWebhookView(config)),
];
