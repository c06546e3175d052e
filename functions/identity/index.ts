import { defineFunction } from '../../shared/function.ts';
import { path } from '../../shared/http/urls.ts';
import { loadIdentityConfig } from './config.ts';
import { loginView, logoutView, sessionView } from './views.ts';

/** identity: the monolith's accounts login, logout and session views. */
export const identity = defineFunction('identity', [
  path(/^api\/auth\/login\/$/, loginView(loadIdentityConfig())),
  path(/^api\/auth\/logout\/$/, logoutView),
  path(/^api\/auth\/session\/$/, sessionView),
]);
