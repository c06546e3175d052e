import type { Sql } from '../db.ts';
import { decodeSession } from '../django/sessions.ts';

/**
 * The request's session as django.contrib.sessions' db backend sees it: loaded
 * lazily on first access (access is what adds `Vary: Cookie`), a missing,
 * expired or too-short key becomes "no session".
 */
export interface SessionState {
  /** The key the client sent, if any. */
  readonly cookieKey: string | undefined;
  /** The live key: null when the session does not exist (or was flushed). */
  key: string | null;
  accessed: boolean;
  modified: boolean;
  load(): Promise<Record<string, unknown>>;
  /** SessionBase.flush(): empty it, delete the row, drop the key. */
  flush(): Promise<void>;
  /** SessionBase.is_empty(), valid after load. */
  isEmpty(): boolean;
}

/** Opens the session named by the request's sessionid cookie. */
export function openSession(sql: Sql, secretKey: string, cookieKey: string | undefined): SessionState {
  let cache: Record<string, unknown> | null = null;
  const state: SessionState = {
    cookieKey,
    // SessionBase._validate_session_key: keys shorter than 8 characters are ignored.
    key: cookieKey && cookieKey.length >= 8 ? cookieKey : null,
    accessed: false,
    modified: false,
    async load() {
      state.accessed = true;
      if (cache) return cache;
      if (state.key === null) return (cache = {});
      const rows = await sql<{ session_data: string }[]>`
        select session_data from django_session where session_key = ${state.key} and expire_date > now()`;
      const row = rows[0];
      if (!row) state.key = null;
      cache = row ? decodeSession(row.session_data, secretKey) : {};
      return cache;
    },
    async flush() {
      cache = {};
      state.modified = true;
      if (state.key !== null) await sql`delete from django_session where session_key = ${state.key}`;
      state.key = null;
    },
    isEmpty() {
      return state.key === null && (cache === null || Object.keys(cache).length === 0);
    },
  };
  return state;
}
