import { findUserById } from '../../shared/auth/users.ts';
import { notFound } from '../../shared/drf/errors.ts';
import { pythonInt } from '../../shared/drf/fields.ts';
import { jsonResponse } from '../../shared/drf/render.ts';
import { isAuthenticated, type ApiView } from '../../shared/drf/view.ts';
import { serializeUser } from '../../shared/auth/user-serializer.ts';

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
};

/** GET /api/users/{pk}/ — UserViewSet.retrieve: staff read anyone, others only themselves. */
export const userDetail: ApiView = {
  name: 'User Instance',
  description: DESCRIPTION,
  permissions: [isAuthenticated],
  handlers: {
    get: async (request) => {
      const viewer = request.user!;
      const id = pythonInt(request.params.pk!);
      // get_object_or_404 answers 404 for a pk that int() rejects, as for a missing row.
      if (id === null || (!viewer.is_staff && id !== viewer.id)) throw notFound();
      const user = id === viewer.id ? viewer : await findUserById(request.sql, id);
      if (!user) throw notFound();
      return jsonResponse(200, serializeUser(user));
    },
  },
};
