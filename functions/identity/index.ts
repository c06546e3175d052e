import { defineFunction } from '../../shared/function.ts';
import { loadIdentityConfig } from './config.ts';
import { urlpatterns } from './urls.ts';

/** identity: the monolith's accounts login, logout and session views. */
export const identity = defineFunction('identity', urlpatterns(loadIdentityConfig()));
