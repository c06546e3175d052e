import type { ApiView } from '../../shared/drf/view.ts';
import { path, type UrlPattern } from '../../shared/http/urls.ts';
import type { IdentityConfig } from './config.ts';
import { loginView, logoutView, sessionView } from './views.ts';

/** The monolith's accounts login, logout and session routes. */
export const urlpatterns = (config: IdentityConfig): ReadonlyArray<UrlPattern<ApiView>> => [
  path(/^api\/auth\/login\/$/, loginView(config)),
  path(/^api\/auth\/logout\/$/, logoutView),
  path(/^api\/auth\/session\/$/, sessionView),
];
