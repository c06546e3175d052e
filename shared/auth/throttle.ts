import type { Sql } from '../db.ts';

export interface ThrottleLimit {
  /** Failed attempts allowed per window. */
  failures: number;
  windowSeconds: number;
}

export interface LoginThrottle {
  account: ThrottleLimit;
  address: ThrottleLimit;
}

type Scope = 'account' | 'address';

/**
 * Password-guessing throttle, shared across instances through PostgreSQL:
 * after `failures` failed logins for one account, or from one client address,
 * within a window, further attempts are refused until the window ends.
 * Returns the seconds to wait, or null when the attempt may proceed.
 */
export async function loginWaitSeconds(sql: Sql, limits: LoginThrottle, username: string, address: string): Promise<number | null> {
  const rows = await sql<{ scope: Scope; wait: number }[]>`
    select scope, ceil(extract(epoch from window_start + make_interval(secs =>
             case scope when 'account' then ${limits.account.windowSeconds}::int else ${limits.address.windowSeconds}::int end) - now()))::int as wait
      from canopy.login_failures
     where ((scope = 'account' and subject = ${username} and failures >= ${limits.account.failures})
         or (scope = 'address' and subject = ${address} and failures >= ${limits.address.failures}))`;
  const waits = rows.map((r) => r.wait).filter((w) => w > 0);
  return waits.length ? Math.max(...waits) : null;
}

/** Counts a failed login against the account and the address (a new window once the old one has passed). */
export async function recordLoginFailure(sql: Sql, limits: LoginThrottle, username: string, address: string): Promise<void> {
  for (const [scope, subject, limit] of [['account', username, limits.account], ['address', address, limits.address]] as const) {
    await sql`
      insert into canopy.login_failures as f (scope, subject, window_start, failures)
      values (${scope}, ${subject}, now(), 1)
      on conflict (scope, subject) do update set
        failures = case when f.window_start + make_interval(secs => ${limit.windowSeconds}) <= now() then 1 else f.failures + 1 end,
        window_start = case when f.window_start + make_interval(secs => ${limit.windowSeconds}) <= now() then now() else f.window_start end`;
  }
}

/** A successful login clears the account's count (not the address's: one good password does not vouch for the rest). */
export async function clearAccountFailures(sql: Sql, username: string): Promise<void> {
  await sql`delete from canopy.login_failures where scope = 'account' and subject = ${username}`;
}

/**
 * The client address behind Google's load balancer, which appends
 * "<client>,<load balancer>" to X-Forwarded-For: `trustedHops` from the right
 * (2 there; 1 behind the local load balancer, which appends only the client).
 * Fewer hops than trusted means the request did not come through the load
 * balancer, so every entry is the client's own choice: the socket address it is.
 */
export function clientAddress(forwardedFor: string | undefined, socketAddress: string, trustedHops: number): string {
  const hops = (forwardedFor ?? '').split(',').map((h) => h.trim()).filter(Boolean);
  return hops.length >= trustedHops ? hops[hops.length - trustedHops]! : socketAddress;
}
