import { defineFunction } from '../../shared/function.ts';
import { path } from '../../shared/http/urls.ts';
import { siteDetail, siteList } from './views.ts';

/** sites: the reads of the monolith's SiteViewSet, GET /api/sites/ and GET /api/sites/{pk}/, as its SimpleRouter declares them. */
export const sites = defineFunction('sites', [
  path(/^api\/sites\/$/, siteList),
  path(/^api\/sites\/(?<pk>[^/.]+)\/$/, siteDetail),
]);
