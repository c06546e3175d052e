import { defineFunction } from '../../shared/function.ts';
import { urlpatterns } from './urls.ts';

/** sites: the reads of the monolith's SiteViewSet, GET /api/sites/ and GET /api/sites/{pk}/, as its SimpleRouter declares them. */
export const sites = defineFunction('sites', urlpatterns);
