import { defineFunction, views } from '../../shared/function.ts';
import { path } from '../../shared/http/urls.ts';
import { me, userDetail } from './views.ts';

/**
 * users: GET /api/users/me/ and GET /api/users/{pk}/, as the monolith's
 * SimpleRouter declares them (the `me` action is listed before the detail route).
 */
const users = defineFunction('users', {
  routes: () => views([
    path(/^api\/users\/me\/$/, me),
    path(/^api\/users\/(?<pk>[^/.]+)\/$/, userDetail),
  ]),
});

// The entrypoint looks the handler up by FUNCTION_TARGET, the function's name.
export { users as 'users' };
