import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientAddress } from './throttle.ts';

const SOCKET = '10.0.0.9';

describe('clientAddress', () => {
  it('takes the entry trustedHops from the right, as Google\'s load balancer appends "<client>,<load balancer>"', () => {
    expect(clientAddress('1.1.1.1, 203.0.113.5, 130.211.0.1', SOCKET, 2)).toBe('203.0.113.5');
    expect(clientAddress('203.0.113.5', SOCKET, 1)).toBe('203.0.113.5');
  });

  it('falls back to the socket address, never to a client-chosen entry, when there are fewer hops than trusted', () => {
    // A request that reached the service without passing the load balancer: every entry is the client's own.
    expect(clientAddress('6.6.6.6', SOCKET, 2)).toBe(SOCKET);
    expect(clientAddress(undefined, SOCKET, 2)).toBe(SOCKET);
    expect(clientAddress(' , ', SOCKET, 1)).toBe(SOCKET);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(fc.ipV4(), { maxLength: 4 }), (trusted, chosen) => {
        fc.pre(chosen.length < trusted);
        expect(clientAddress(chosen.join(', '), SOCKET, trusted)).toBe(SOCKET);
      }),
    );
  });
});
