import { logIn, logOut, authenticate } from '../../shared/auth/login.ts';
import { clientAddress, loginSucceeded, reserveLoginAttempt } from '../../shared/auth/throttle.ts';
import { throttled, validationError } from '../../shared/http/errors.ts';
import { detailResponse } from '../../shared/drf/operation.ts';
import { emptyResponse, jsonResponse } from '../../shared/http/render.ts';
import { boolean, named, nullable, objectOf, ref } from '../../shared/drf/schema.ts';
import { NON_FIELD_ERRORS_KEY } from '../../shared/drf/serializers.ts';
import type { ApiView } from '../../shared/drf/view.ts';
import { serializeUser, USER_SCHEMA } from '../../shared/drf/user-serializer.ts';
import type { IdentityConfig } from './config.ts';
import { loginSerializer, validateLogin } from './login-serializer.ts';

/** SessionView's answer. */
const sessionState = (user: Parameters<typeof serializeUser>[0] | null) => ({
  is_authenticated: user !== null,
  user: user ? serializeUser(user) : null,
});

const SESSION_SCHEMA = named(
  'Session',
  objectOf<ReturnType<typeof sessionState>>({ is_authenticated: boolean(), user: nullable(ref(USER_SCHEMA)) }),
);

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
        if (!user) throw validationError({ [NON_FIELD_ERRORS_KEY]: ['Unable to log in with provided credentials.'] });
        await loginSucceeded(request.sql, config.throttle, credentials.username, address);
        return jsonResponse(200, serializeUser(await logIn(request, user)));
      },
    },
    schema: {
      post: {
        summary: 'Log in',
        description:
          'Starts a session (the `sessionid` cookie) and rotates the CSRF token. Needs the `csrftoken` cookie and the same token in `X-CSRFToken` (GET /api/auth/session/ sets the cookie).',
        body: { name: 'LoginRequest', fields: loginSerializer.fields },
        responses: {
          200: { description: 'Logged in: the user.', json: USER_SCHEMA },
          403: { description: "CSRF failure: Django's HTML page, before DRF runs.", html: true },
          429: detailResponse('Too many failed logins for this account or address; `Retry-After` says when to try again.'),
        },
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
  schema: { post: { summary: 'Log out', responses: { 204: { description: 'The session is flushed (logged out or not).' } } } },
};

/** GET /api/auth/session/ — SessionView: who is logged in; always sets the CSRF cookie. */
export const sessionView: ApiView = {
  name: 'Session',
  description: '',
  permissions: [],
  ensureCsrfCookie: true,
  handlers: {
    get: async (request) => jsonResponse(200, sessionState(request.user)),
  },
  schema: {
    get: {
      summary: 'Who is logged in',
      description: 'Always sets the `csrftoken` cookie, which logging in needs.',
      responses: { 200: { description: 'The session: authenticated or not, and its user.', json: SESSION_SCHEMA } },
    },
  },
};
