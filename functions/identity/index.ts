import { defineFunction, views } from '../../shared/function.ts';
import { path } from '../../shared/http/urls.ts';
import { loadIdentityConfig } from './config.ts';
import { loginView, logoutView, sessionView } from './views.ts';

/** identity: the monolith's accounts login, logout and session views. */
const identity = defineFunction('identity', {
  config: loadIdentityConfig,
  routes: (config) => views([
    path(/^api\/auth\/login\/$/, loginView(config)),
    path(/^api\/auth\/logout\/$/, logoutView),
    path(/^api\/auth\/session\/$/, sessionView),
  ]),
});

// The entrypoint looks the handler up by FUNCTION_TARGET, the function's name.
export { identity as 'identity' };
