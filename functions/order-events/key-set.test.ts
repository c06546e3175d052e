import { createServer, type Server } from 'node:http';
import { errors, exportJWK, generateKeyPair, jwtVerify, SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { remoteKeySet } from './key-set.ts';

// A key set served over real HTTP, counting its fetches; what it serves is swapped per test.
let server: Server;
let url: URL;
let fetches = 0;
let serve: (res: import('node:http').ServerResponse) => void;

async function signer(kid: string) {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const sign = () => new SignJWT({ sub: 'push' }).setProtectedHeader({ alg: 'RS256', kid }).setIssuedAt().setExpirationTime('5m').sign(privateKey);
  return { jwk, sign };
}
const servingKeys = (...keys: JWK[]) => (res: import('node:http').ServerResponse) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ keys }));

beforeAll(async () => {
  server = createServer((_, res) => {
    fetches++;
    serve(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = new URL(`http://127.0.0.1:${(server.address() as { port: number }).port}/certs`);
});
afterAll(() => server.close());
beforeEach(() => (fetches = 0));

const timing = { timeoutMs: 1000, maxAgeMs: 60_000, cooldownMs: 0 };

describe('remoteKeySet', () => {
  it('verifies a token signed by a key of the set, fetched once, ahead of the first token by reload()', async () => {
    const first = await signer('k1');
    serve = servingKeys(first.jwk);
    const keys = remoteKeySet(url, timing);
    await keys.reload();
    expect(fetches).toBe(1);
    for (let i = 0; i < 3; i++) expect((await jwtVerify(await first.sign(), keys)).payload.sub).toBe('push');
    expect(fetches).toBe(1);
  });

  it('fetches the set again for a key id it does not know (a rotation), but not within the cool-down', async () => {
    const [old, rotated] = [await signer('old'), await signer('new')];
    serve = servingKeys(old.jwk);
    const keys = remoteKeySet(url, timing);
    await jwtVerify(await old.sign(), keys);
    serve = servingKeys(old.jwk, rotated.jwk);
    expect((await jwtVerify(await rotated.sign(), keys)).payload.sub).toBe('push');
    expect(fetches).toBe(2);

    const cooling = remoteKeySet(url, { ...timing, cooldownMs: 60_000 });
    serve = servingKeys(old.jwk);
    await cooling.reload();
    await expect(jwtVerify(await rotated.sign(), cooling)).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
    expect(fetches).toBe(3);
  });

  it('fails, never hangs, when the set answers an error, is not JSON, is no key set, or does not answer', async () => {
    const { sign } = await signer('k1');
    const cases: Array<[string, (res: import('node:http').ServerResponse) => void, RegExp]> = [
      ['an error status', (res) => res.writeHead(503).end(), /answered 503/],
      ['not JSON', (res) => res.writeHead(200).end('<html>'), /not JSON/],
      ['not a key set', (res) => res.writeHead(200).end('{"keys": 1}'), /malformed/],
      ['no answer', () => {}, /no key set within 1000 ms/],
    ];
    for (const [, answer, message] of cases) {
      serve = answer;
      await expect(jwtVerify(await sign(), remoteKeySet(url, timing))).rejects.toThrow(message);
    }
  });
});
