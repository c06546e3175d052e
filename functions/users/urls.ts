import type { ApiView } from '../../shared/drf/view.ts';
import { path, type UrlPattern } from '../../shared/http/urls.ts';
import { me, userDetail } from './views.ts';

/** The monolith's SimpleRouter routes for UserViewSet (the `me` action is listed before the detail route). */
export const urlpatterns: ReadonlyArray<UrlPattern<ApiView>> = [
  path(/^api\/users\/me\/$/, me),
  path(/^api\/users\/(?<pk>[^/.]+)\/$/, userDetail),
];
