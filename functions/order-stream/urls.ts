import type { ApiView } from '../../shared/drf/view.ts';
import { path, type UrlPattern } from '../../shared/http/urls.ts';
import type { StreamSettings } from './config.ts';
import { orderEventsView } from './views.ts';

/** The order's event stream, beside the detail's path (the monolith has no such route). */
export const urlpatterns = (settings: StreamSettings): ReadonlyArray<UrlPattern<ApiView>> => [
  path(/^api\/orders\/(?<pk>[^/.]+)\/events\/$/, orderEventsView(settings)),
];
