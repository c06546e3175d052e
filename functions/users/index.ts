import { defineFunction, views } from '../../shared/function.ts';
import { urlpatterns } from './urls.ts';

/** users: GET /api/users/me/ and GET /api/users/{pk}/, as the monolith's SimpleRouter declares them. */
const users = defineFunction('users', {
  routes: () => views(urlpatterns),
});

// The entrypoint looks the handler up by FUNCTION_TARGET, the function's name.
export { users as 'users' };
