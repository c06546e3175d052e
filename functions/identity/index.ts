import { defineFunction, views } from '../../shared/function.ts';
import { loadIdentityConfig } from './config.ts';
import { urlpatterns } from './urls.ts';

/** identity: the monolith's accounts login, logout and session views. */
const identity = defineFunction('identity', {
  config: loadIdentityConfig,
  routes: (config) => views(urlpatterns(config)),
});

// The entrypoint looks the handler up by FUNCTION_TARGET, the function's name.
export { identity as 'identity' };
