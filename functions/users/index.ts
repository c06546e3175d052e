import { defineFunction } from '../../shared/function.ts';
import { urlpatterns } from './urls.ts';

/** users: GET /api/users/me/ and GET /api/users/{pk}/, as the monolith's SimpleRouter declares them. */
export const users = defineFunction('users', urlpatterns);
