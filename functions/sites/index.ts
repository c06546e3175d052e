import { defineFunction, views } from '../../shared/function.ts';
import { urlpatterns } from './urls.ts';

/** sites: the reads of the monolith's SiteViewSet, GET /api/sites/ and GET /api/sites/{pk}/, as its SimpleRouter declares them. */
const sites = defineFunction('sites', {
  routes: () => views(urlpatterns),
});

// The entrypoint looks the handler up by FUNCTION_TARGET, the function's name.
export { sites as 'sites' };
