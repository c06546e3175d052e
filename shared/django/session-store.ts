import type { Sql } from '../db.ts';
import { decodeSession, encodeSession, newSessionKey, sessionExpiryAge, type SessionData } from './sessions.ts';

/**
 * The request's session as django.contrib.sessions' db backend sees it: loaded
 * lazily on first access (access is what adds `Vary: Cookie`), a missing,
 * expired or too-short key becomes "no session"; changes are written once, by
 * the session middleware, when the response goes out.
 */
export interface SessionState {
  /** The key the client sent, if any. */
  readonly cookieKey: string | undefined;
  /** The live key: null when the session does not exist (or was flushed). */
  key: string | null;
  accessed: boolean;
  modified: boolean;
  load(): Promise<SessionData>;
  /** session[name] = value */
  set(name: string, value: unknown): Promise<void>;
  /** SessionBase.flush(): empty it, delete the row, drop the key. */
  flush(): Promise<void>;
  /** SessionBase.cycle_key(): same data under a new key, the old row deleted. */
  cycleKey(): Promise<void>;
  /** SessionBase.is_empty(), valid after load. */
  isEmpty(): boolean;
  /** SessionStore.save(): inserts under a fresh key when there is none, else updates the row. */
  save(): Promise<void>;
  /** The loaded data (empty before load). */
  data(): SessionData;
}

/** Raised when the row to update vanished mid-request (a concurrent logout): Django's SessionInterrupted. */
export class SessionInterrupted extends Error {
  override name = 'SessionInterrupted';
}

/** Opens the session named by the request's sessionid cookie. */
export function openSession(sql: Sql, secretKey: string, cookieKey: string | undefined): SessionState {
  let cache: SessionData | null = null;

  const insertNew = async (data: SessionData) => {
    // _get_new_session_key + save(must_create=True): retry on the (unlikely) key collision.
    for (;;) {
      const key = newSessionKey();
      const inserted = await sql`
        insert into django_session (session_key, session_data, expire_date)
        values (${key}, ${encodeSession(data, secretKey)}, now() + make_interval(secs => ${sessionExpiryAge(data)}))
        on conflict (session_key) do nothing returning session_key`;
      if (inserted.length) return key;
    }
  };

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
    async set(name, value) {
      (await state.load())[name] = value;
      state.modified = true;
    },
    async flush() {
      cache = {};
      state.modified = true;
      if (state.key !== null) await sql`delete from django_session where session_key = ${state.key}`;
      state.key = null;
    },
    async cycleKey() {
      const data = await state.load();
      const old = state.key;
      state.key = await insertNew(data);
      state.modified = true;
      if (old !== null) await sql`delete from django_session where session_key = ${old}`;
    },
    isEmpty() {
      return state.key === null && (cache === null || Object.keys(cache).length === 0);
    },
    async save() {
      const data = await state.load();
      if (state.key === null) {
        state.key = await insertNew(data);
        return;
      }
      const updated = await sql`
        update django_session
           set session_data = ${encodeSession(data, secretKey)},
               expire_date = now() + make_interval(secs => ${sessionExpiryAge(data)})
         where session_key = ${state.key} returning session_key`;
      if (!updated.length) throw new SessionInterrupted(`session ${state.key.slice(0, 4)}… was deleted during the request`);
    },
    data: () => cache ?? {},
  };
  return state;
}
