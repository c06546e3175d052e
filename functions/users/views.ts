import { findUserById, USER_MODEL } from '../../shared/auth/users.ts';
import { noSuchObject, notFound } from '../../shared/http/errors.ts';
import { detailResponse } from '../../shared/drf/operation.ts';
import { pyInt } from '../../shared/python/str.ts';
import { jsonResponse } from '../../shared/http/render.ts';
import { isAuthenticated, type ApiView } from '../../shared/drf/view.ts';
import { serializeUser, USER_SCHEMA } from '../../shared/drf/user-serializer.ts';

const INT4_MAX = 2n ** 31n - 1n;

// UserViewSet's docstring, which DRF's OPTIONS answer shows as the description.
const DESCRIPTION = 'Staff may read any user; everybody else only themselves (others are a 404).';

/** GET /api/users/me/ — UserViewSet.me */
export const me: ApiView = {
  name: 'Me',
  description: DESCRIPTION,
  permissions: [isAuthenticated],
  handlers: {
    get: async (request) => jsonResponse(200, serializeUser(request.user!)),
  },
  schema: { get: { summary: 'The signed-in user', responses: { 200: { description: 'The user the session or token belongs to.', json: USER_SCHEMA } } } },
};

/** GET /api/users/{pk}/ — UserViewSet.retrieve: staff read anyone, others only themselves. */
export const userDetail: ApiView = {
  name: 'User Instance',
  description: DESCRIPTION,
  permissions: [isAuthenticated],
  handlers: {
    get: async (request) => {
      const viewer = request.user!;
      // filter(pk=...) applies int() (IntegerField.get_prep_value); DRF's get_object_or_404 turns its
      // ValueError into a bare 404. auth_user.id is an int4: no row has a larger one.
      const id = pyInt(request.params.pk!);
      if (id === null) throw notFound();
      if (id > INT4_MAX || id < -INT4_MAX - 1n) throw noSuchObject(USER_MODEL);
      if (!viewer.is_staff && Number(id) !== viewer.id) throw noSuchObject(USER_MODEL);
      const user = Number(id) === viewer.id ? viewer : await findUserById(request.sql, Number(id));
      if (!user) throw noSuchObject(USER_MODEL);
      return jsonResponse(200, serializeUser(user));
    },
  },
  schema: {
    get: {
      summary: 'A user',
      responses: {
        200: { description: 'The user.', json: USER_SCHEMA },
        404: detailResponse('No such user, or one a customer may not read (only staff read others).'),
      },
    },
  },
};
