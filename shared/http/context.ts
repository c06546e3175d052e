import type { SessionState } from '../django/session-store.ts';
import type { Sql } from '../db.ts';
import type { CsrfState } from './csrf-state.ts';
import type { CanopyRequest } from './types.ts';

/** Everything a view needs for one request. */
export interface RequestContext {
  req: CanopyRequest;
  sql: Sql;
  secretKey: string;
  session: SessionState;
  csrf: CsrfState;
  /** Named groups of the URL pattern that matched. */
  params: Record<string, string>;
}
