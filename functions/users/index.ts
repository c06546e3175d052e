import { defineFunction } from '../../shared/function.ts';
import { path } from '../../shared/http/urls.ts';
import { me, userDetail } from './views.ts';

/**
 * users: GET /api/users/me/ and GET /api/users/{pk}/, as the monolith's
 * SimpleRouter declares them (the `me` action is listed before the detail route).
 */
export const users = defineFunction('users', [
  path(/^api\/users\/me\/$/, me),
  path(/^api\/users\/(?<pk>[^/.]+)\/$/, userDetail),
]);
