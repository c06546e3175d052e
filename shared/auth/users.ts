import type { Sql } from '../db.ts';

/** A row of django.contrib.auth's auth_user, timestamps as PostgreSQL text. */
export interface DjangoUser {
  id: number;
  password: string;
  last_login: string | null;
  is_superuser: boolean;
  username: string;
  first_name: string;
  last_name: string;
  email: string;
  is_staff: boolean;
  is_active: boolean;
  date_joined: string;
}

/** ModelBackend's lookup by primary key (null when missing). */
export async function findUserById(sql: Sql, id: number): Promise<DjangoUser | null> {
  const rows = await sql<DjangoUser[]>`select * from auth_user where id = ${id}`;
  return rows[0] ?? null;
}

/** DRF TokenAuthentication's lookup: the token's user, or null for an unknown key. */
export async function findUserByToken(sql: Sql, key: string): Promise<DjangoUser | null> {
  const rows = await sql<DjangoUser[]>`
    select u.* from authtoken_token t join auth_user u on u.id = t.user_id where t.key = ${key}`;
  return rows[0] ?? null;
}
