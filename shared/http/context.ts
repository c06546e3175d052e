import type { SessionState } from '../auth/session.ts';
import type { Sql } from '../db.ts';
import type { CanopyRequest } from './types.ts';

/** Everything a view needs for one request. */
export interface RequestContext {
  req: CanopyRequest;
  sql: Sql;
  secretKey: string;
  session: SessionState;
  /** Named groups of the URL pattern that matched. */
  params: Record<string, string>;
}
