import type { ApiView } from '../../shared/drf/view.ts';
import { path, type UrlPattern } from '../../shared/http/urls.ts';
import { orderDetail, orderList } from './views.ts';

/** The monolith's SimpleRouter routes for OrderViewSet: the list (GET, POST) and the detail. */
export const urlpatterns: ReadonlyArray<UrlPattern<ApiView>> = [
  path(/^api\/orders\/$/, orderList),
  path(/^api\/orders\/(?<pk>[^/.]+)\/$/, orderDetail),
];
