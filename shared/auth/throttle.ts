import { createHash } from 'node:crypto';
import type { Sql } from '../db.ts';

export interface ThrottleLimit {
  /** Failed attempts allowed per window. */
  failures: number;
  windowSeconds: number;
}

/**
 * Password-guessing limits (README "Login throttling"), each counted in PostgreSQL and shared by
 * every instance: per account from one client address (django-axes' username and IP pair: the
 * guesser locks out only themselves), per account from anywhere (a higher ceiling on guessing
 * spread over many addresses) and per address over any accounts (password spraying).
 */
export interface LoginThrottle {
  accountAddress: ThrottleLimit;
  account: ThrottleLimit;
  address: ThrottleLimit;
}

type Scope = 'account_address' | 'account' | 'address';
interface Counter {
  scope: Scope;
  /** SHA-256 of the subject: a username or forwarded address of any length keeps one small index entry. */
  subject: string;
  limit: ThrottleLimit;
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex');

// Narrowest first: an attempt refused for its pair never reaches the account's count.
function counters(limits: LoginThrottle, username: string, address: string): Counter[] {
  return [
    { scope: 'account_address', subject: digest(JSON.stringify([username, address])), limit: limits.accountAddress },
    { scope: 'account', subject: digest(username), limit: limits.account },
    { scope: 'address', subject: digest(address), limit: limits.address },
  ];
}

/** Counts one attempt (a new window once the old one has passed); its count, this one included, and the seconds the window has left. */
async function bump(sql: Sql, { scope, subject, limit }: Counter): Promise<{ failures: number; wait: number }> {
  const [row] = await sql<{ failures: number; wait: number }[]>`
    insert into canopy.login_failures as f (scope, subject, window_start, failures)
    values (${scope}, ${subject}, now(), 1)
    on conflict (scope, subject) do update set
      failures = case when f.window_start + make_interval(secs => ${limit.windowSeconds}) <= now() then 1 else f.failures + 1 end,
      window_start = case when f.window_start + make_interval(secs => ${limit.windowSeconds}) <= now() then now() else f.window_start end
    returning failures, ceil(extract(epoch from window_start + make_interval(secs => ${limit.windowSeconds}) - now()))::int as wait`;
  return row!;
}

async function giveBack(sql: Sql, taken: Counter[]): Promise<void> {
  for (const { scope, subject } of taken) {
    await sql`update canopy.login_failures set failures = greatest(failures - 1, 0) where scope = ${scope} and subject = ${subject}`;
  }
}

/**
 * Reserves a login attempt before the password is hashed: each count is raised and read in one
 * statement (the row lock orders parallel attempts), so of any burst at most `failures` per window
 * and scope reach the hasher. The reservation stands as a failure unless loginSucceeded gives it
 * back. Returns null when the attempt may go on, or the seconds to wait; a refused attempt gives
 * back what it took, so attempts refused for one pair never lock the account for everyone else.
 */
export async function reserveLoginAttempt(sql: Sql, limits: LoginThrottle, username: string, address: string): Promise<number | null> {
  const taken: Counter[] = [];
  for (const counter of counters(limits, username, address)) {
    const { failures, wait } = await bump(sql, counter);
    taken.push(counter);
    if (failures > counter.limit.failures) {
      await giveBack(sql, taken);
      return Math.max(wait, 1);
    }
  }
  return null;
}

/**
 * The right password: the account's failures are forgiven, from this address and from anywhere;
 * the address only gets this attempt back (one good password does not vouch for its other guesses).
 */
export async function loginSucceeded(sql: Sql, limits: LoginThrottle, username: string, address: string): Promise<void> {
  const [pair, account, addressCounter] = counters(limits, username, address);
  await sql`delete from canopy.login_failures where (scope, subject) in ((${pair!.scope}, ${pair!.subject}), (${account!.scope}, ${account!.subject}))`;
  await giveBack(sql, [addressCounter!]);
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
