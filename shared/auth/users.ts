import type { Sql } from '../db.ts';
import { monolithSettings } from '../django/monolith-settings.ts';

/** The monolith's user table (AUTH_USER_MODEL's db_table); its columns must be django.contrib.auth's. */
export const USER_TABLE = monolithSettings.user_model.db_table;
/** The user model's name, as Django's messages give it (the object_name of AUTH_USER_MODEL). */
export const USER_MODEL = monolithSettings.user_model.label.split('.').at(-1)!;

/** A row of django.contrib.auth's user table, timestamps as PostgreSQL text. */
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
  const rows = await sql<DjangoUser[]>`select * from ${sql(USER_TABLE)} where id = ${id}`;
  return rows[0] ?? null;
}

/** DRF TokenAuthentication's lookup: the token's user, or null for an unknown key. */
export async function findUserByToken(sql: Sql, key: string): Promise<DjangoUser | null> {
  const rows = await sql<DjangoUser[]>`
    select u.* from authtoken_token t join ${sql(USER_TABLE)} u on u.id = t.user_id where t.key = ${key}`;
  return rows[0] ?? null;
}
