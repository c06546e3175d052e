import type { DjangoUser } from '../auth/users.ts';
import { renderDateTime } from './fields.ts';
import { boolean, dateTime, integer, named, nullable, objectOf, string } from './schema.ts';

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

/** What serializeUser gives, on the wire (every field read-only, as the monolith's Meta says). */
export const USER_SCHEMA = named(
  'User',
  objectOf<ReturnType<typeof serializeUser>>({
    id: integer({ readOnly: true }),
    username: string({ readOnly: true }),
    email: string({ format: 'email', readOnly: true }),
    first_name: string({ readOnly: true }),
    last_name: string({ readOnly: true }),
    is_staff: boolean({ readOnly: true }),
    date_joined: dateTime({ readOnly: true }),
    last_login: nullable(dateTime({ readOnly: true })),
  }),
);
