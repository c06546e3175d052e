import { defineFunction, views } from '../../shared/function.ts';
import { path } from '../../shared/http/urls.ts';
import { siteDetail, siteList } from './views.ts';

/** sites: the reads of the monolith's SiteViewSet, GET /api/sites/ and GET /api/sites/{pk}/, as its SimpleRouter declares them. */
const sites = defineFunction('sites', {
  routes: () => views([
    path(/^api\/sites\/$/, siteList),
    path(/^api\/sites\/(?<pk>[^/.]+)\/$/, siteDetail),
  ]),
});

// The entrypoint looks the handler up by FUNCTION_TARGET, the function's name.
export { sites as 'sites' };
