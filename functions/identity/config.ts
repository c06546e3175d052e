import * as z from 'zod/mini';
import type { LoginThrottle } from '../../shared/auth/throttle.ts';
import { parseEnv } from '../../shared/config.ts';
import { LOGIN_WINDOW_MAX_SECONDS } from '../../shared/retention.ts';

// "<failures>/<window seconds>", e.g. 5/900: five failed logins per quarter hour.
const limit = z.pipe(
  z.string().check(z.regex(/^\d+\/\d+$/, 'expected <failures>/<window seconds>, e.g. 5/900')),
  z.transform((text: string) => {
    const [failures, windowSeconds] = text.split('/').map(Number) as [number, number];
    return { failures, windowSeconds };
  }),
).check(
  // The relay prunes counts whose window began longer ago than this (README "Retention").
  z.refine(({ windowSeconds }) => windowSeconds <= LOGIN_WINDOW_MAX_SECONDS, `the window may be at most ${LOGIN_WINDOW_MAX_SECONDS} seconds (a day)`),
);

const envSchema = z.object({
  // README "Login throttling": five guesses per account from one address, a hundred from anywhere.
  LOGIN_THROTTLE_ACCOUNT_ADDRESS: z._default(limit, { failures: 5, windowSeconds: 900 }),
  LOGIN_THROTTLE_ACCOUNT: z._default(limit, { failures: 100, windowSeconds: 900 }),
  LOGIN_THROTTLE_ADDRESS: z._default(limit, { failures: 50, windowSeconds: 900 }),
  // Google's load balancer appends "<client>,<load balancer>" to X-Forwarded-For.
  XFF_TRUSTED_HOPS: z._default(z.coerce.number().check(z.int(), z.positive()), 2),
});

export interface IdentityConfig {
  throttle: LoginThrottle;
  trustedHops: number;
}

/** The identity function's own settings, read once at cold start. */
export function loadIdentityConfig(env: NodeJS.ProcessEnv = process.env): IdentityConfig {
  const parsed = parseEnv(envSchema, env);
  return {
    throttle: {
      accountAddress: parsed.LOGIN_THROTTLE_ACCOUNT_ADDRESS,
      account: parsed.LOGIN_THROTTLE_ACCOUNT,
      address: parsed.LOGIN_THROTTLE_ADDRESS,
    },
    trustedHops: parsed.XFF_TRUSTED_HOPS,
  };
}
