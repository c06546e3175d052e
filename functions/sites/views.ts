import { noSuchObject, notFound } from '../../shared/http/errors.ts';
import { detailResponse } from '../../shared/drf/operation.ts';
import { cutPage, paginatedData, requestedPage, requestedPageSize } from '../../shared/drf/pagination.ts';
import { pyInt } from '../../shared/python/str.ts';
import { parseQueryDict } from '../../shared/drf/querydict.ts';
import { jsonResponse } from '../../shared/http/render.ts';
import { isAuthenticated, type ApiRequest, type ApiView } from '../../shared/drf/view.ts';
import { countSites, findSite, pageOfSites, type SiteScope } from './queries.ts';
import { SITE_FIELDS, SITE_SCHEMA, siteRepresentation } from './serializer.ts';

// SiteViewSet's docstring, which DRF's OPTIONS answer shows as the description.
const DESCRIPTION = "A customer's own delivery sites; staff see every site.";

/** get_queryset: staff see every site, customers their own. */
const scopeOf = (request: ApiRequest): SiteScope => ({ customerId: request.user!.is_staff ? null : request.user!.id });

/** get_object: a pk int() rejects is DRF's bare 404; a missing (or another customer's) site is Django's Http404. */
async function getSite(request: ApiRequest) {
  const id = pyInt(request.params.pk!);
  if (id === null) throw notFound();
  const site = await findSite(request.sql, id, scopeOf(request));
  if (!site) throw noSuchObject('Site');
  return site;
}

/** GET /api/sites/ — ListModelMixin.list with PageNumberPagination; POST (create) stays with the monolith. */
export const siteList: ApiView = {
  name: 'Site List',
  description: DESCRIPTION,
  actions: { POST: SITE_FIELDS },
  permissions: [isAuthenticated],
  monolithMethods: ['post'],
  handlers: {
    get: async (request) => {
      const query = parseQueryDict(Buffer.from(request.req.rawQuery, 'latin1'), 'utf-8');
      const scope = scopeOf(request);
      const page = cutPage(requestedPage(query), await countSites(request.sql, scope), requestedPageSize(query));
      const rows = page.limit > 0 ? await pageOfSites(request.sql, scope, page.offset, page.limit) : [];
      return jsonResponse(200, paginatedData(request.req, page, rows.map(siteRepresentation)));
    },
  },
  schema: { get: { summary: 'List sites', paginated: true, responses: { 200: { description: 'A page of sites, in id order.', json: SITE_SCHEMA } } } },
};

/** GET /api/sites/{pk}/ — RetrieveModelMixin.retrieve; PUT, PATCH and DELETE stay with the monolith. */
export const siteDetail: ApiView = {
  name: 'Site Instance',
  description: DESCRIPTION,
  actions: { PUT: SITE_FIELDS },
  permissions: [isAuthenticated],
  monolithMethods: ['put', 'patch', 'delete'],
  getObject: getSite,
  handlers: {
    get: async (request) => jsonResponse(200, siteRepresentation(await getSite(request))),
  },
  schema: {
    get: {
      summary: 'A site',
      responses: { 200: { description: 'The site.', json: SITE_SCHEMA }, 404: detailResponse("No such site, another customer's, or an id that is not an integer.") },
    },
  },
};
