import { describe, expect, it } from 'vitest';
import { loadIdentityConfig } from './config.ts';

describe('identity config', () => {
  it('refuses a throttle window longer than the relay keeps its counts (a day)', () => {
    expect(loadIdentityConfig({ LOGIN_THROTTLE_ACCOUNT: '100/86400' }).throttle.account).toEqual({ failures: 100, windowSeconds: 86_400 });
    expect(() => loadIdentityConfig({ LOGIN_THROTTLE_ACCOUNT: '100/86401' })).toThrow(
      'LOGIN_THROTTLE_ACCOUNT: the window may be at most 86400 seconds (a day)',
    );
  });
});
