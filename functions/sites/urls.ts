import type { ApiView } from '../../shared/drf/view.ts';
import { path, type UrlPattern } from '../../shared/http/urls.ts';
import { siteDetail, siteList } from './views.ts';

/** The monolith's SimpleRouter routes for SiteViewSet: the list and the detail (their writes stay with Django). */
export const urlpatterns: ReadonlyArray<UrlPattern<ApiView>> = [
  path(/^api\/sites\/$/, siteList),
  path(/^api\/sites\/(?<pk>[^/.]+)\/$/, siteDetail),
];
