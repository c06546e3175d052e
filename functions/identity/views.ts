import { logIn, logOut, authenticate } from '../../shared/auth/login.ts';
import { clientAddress, loginSucceeded, reserveLoginAttempt } from '../../shared/auth/throttle.ts';
import { throttled, validationError } from '../../shared/http/errors.ts';
import { emptyResponse, jsonResponse } from '../../shared/http/render.ts';
import type { ApiView } from '../../shared/drf/view.ts';
import { serializeUser } from '../../shared/drf/user-serializer.ts';
import type { IdentityConfig } from './config.ts';
import { validateLogin } from './login-serializer.ts';

/** POST /api/auth/login/ — LoginView: CSRF-protected as Django's LoginView, throttled beyond Django. */
export function loginView(config: IdentityConfig): ApiView {
  return {
    name: 'Login',
    description: '',
    permissions: [],
    csrfProtect: true,
    handlers: {
      post: async (request) => {
        const credentials = await validateLogin(request.req);
        const address = clientAddress(request.req.headers['x-forwarded-for'], request.req.remoteAddress, config.trustedHops);
        // Counted before the slow hash, so a parallel burst cannot slip past the limit.
        const wait = await reserveLoginAttempt(request.sql, config.throttle, credentials.username, address);
        if (wait !== null) throw throttled(wait);
        const user = await authenticate(request.sql, credentials.username, credentials.password);
        if (!user) throw validationError({ non_field_errors: ['Unable to log in with provided credentials.'] });
        await loginSucceeded(request.sql, config.throttle, credentials.username, address);
        return jsonResponse(200, serializeUser(await logIn(request, user)));
      },
    },
  };
}

/** POST /api/auth/logout/ — LogoutView: flushes the session, 204. */
export const logoutView: ApiView = {
  name: 'Logout',
  description: '',
  permissions: [],
  handlers: {
    post: async (request) => {
      await logOut(request);
      return emptyResponse(204);
    },
  },
};

/** GET /api/auth/session/ — SessionView: who is logged in; always sets the CSRF cookie. */
export const sessionView: ApiView = {
  name: 'Session',
  description: '',
  permissions: [],
  ensureCsrfCookie: true,
  handlers: {
    get: async (request) =>
      jsonResponse(200, {
        is_authenticated: request.user !== null,
        user: request.user ? serializeUser(request.user) : null,
      }),
  },
};
