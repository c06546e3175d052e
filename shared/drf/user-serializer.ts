import type { DjangoUser } from '../auth/users.ts';
import { renderDateTime } from './fields.ts';

/** The monolith's accounts UserSerializer, field for field and in its order. */
export function serializeUser(user: DjangoUser) {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    first_name: user.first_name,
    last_name: user.last_name,
    is_staff: user.is_staff,
    date_joined: renderDateTime(user.date_joined),
    last_login: renderDateTime(user.last_login),
  };
}
