import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { copyAsCurl, curlCommand, shellQuote } from './curl.ts';
import { REDACTED } from './redact.ts';
import type { ObservedRequest } from './types.ts';

/**
 * Runs the command under bash with `curl` replaced by a function that writes
 * its arguments NUL-separated, then what it read on stdin: what curl would
 * have been given, with no network involved.
 */
function replay(command: string): { argv: string[]; stdin: Buffer } {
  const stub = `curl() { printf '%s\\0' "$@"; printf '\\1STDIN\\1'; cat; }`;
  const out = execFileSync('bash', ['-c', `${stub}\n${command}`], { input: '' });
  const marker = out.indexOf('\x01STDIN\x01');
  const argv = out.subarray(0, marker).toString('utf8').split('\0').slice(0, -1);
  return { argv, stdin: out.subarray(marker + 7) };
}

const request = (overrides: Partial<ObservedRequest>): ObservedRequest => ({
  method: 'GET',
  path: '/api/orders/',
  rawQuery: '',
  headers: {},
  body: Buffer.alloc(0),
  ...overrides,
});

describe('curlCommand', () => {
  it('replays a POST exactly: URL with query, headers but hop-by-hop, Host and Content-Length, the body as given', () => {
    const body = Buffer.from(`{"site":4,"product":"diesel","quantity":"1500.500","note":"it's $HOME \`date\` \\"quoted\\" 100%\\n"}`);
    const command = curlCommand(
      request({
        method: 'POST',
        rawQuery: 'format=json&site=4',
        headers: {
          host: 'api.canopy.example',
          connection: 'keep-alive, x-trace-hop',
          'x-trace-hop': '1',
          'keep-alive': 'timeout=5',
          'transfer-encoding': 'chunked',
          'content-length': String(body.length),
          'content-type': 'application/json',
          accept: 'application/json; version=1',
          'user-agent': "O'Reilly/1.0",
          'x-empty': '',
          'x-forwarded-proto': 'https',
        },
        body,
      }),
      'http://127.0.0.1:8000/',
    );
    const { argv } = replay(command);
    expect(argv).toEqual([
      '--globoff',
      'http://127.0.0.1:8000/api/orders/?format=json&site=4',
      '-H', 'content-type: application/json',
      '-H', 'accept: application/json; version=1',
      '-H', "user-agent: O'Reilly/1.0",
      '-H', 'x-empty;',
      '-H', 'x-forwarded-proto: https',
      '--data-binary', body.toString('utf8'),
    ]);
  });

  it('pipes a binary body in through printf, byte for byte, NUL and quotes included', () => {
    const body = Buffer.from([0x00, 0x27, 0x25, 0x5c, 0x0a, 0xff, 0xfe, 0x41, 0x30, 0x00, 0x37, 0x80]);
    const command = curlCommand(request({ method: 'PUT', path: '/api/orders/7/', headers: { 'content-type': 'application/octet-stream' }, body }), 'http://h');
    const { argv, stdin } = replay(command);
    expect(argv).toEqual(['--globoff', '-X', 'PUT', 'http://h/api/orders/7/', '-H', 'content-type: application/octet-stream', '-H', 'user-agent:', '-H', 'accept:', '--data-binary', '@-']);
    expect(stdin.equals(body)).toBe(true);
  });

  it('never lets curl read a file: a body starting with @ is piped in too', () => {
    const body = Buffer.from('@/etc/passwd');
    const { argv, stdin } = replay(curlCommand(request({ method: 'POST', body, headers: { 'content-type': 'text/plain' } }), 'http://h'));
    expect(argv.slice(-2)).toEqual(['--data-binary', '@-']);
    expect(stdin.toString()).toBe('@/etc/passwd');
  });

  it('uses the method flags curl needs: none for GET, --head for HEAD, -X otherwise; suppresses headers curl would add', () => {
    expect(replay(curlCommand(request({ headers: { accept: '*/*', 'user-agent': 'x' } }), 'http://h')).argv).toEqual([
      '--globoff', 'http://h/api/orders/', '-H', 'accept: */*', '-H', 'user-agent: x',
    ]);
    expect(replay(curlCommand(request({ method: 'HEAD', path: '/api/users/me/' }), 'http://h')).argv).toEqual([
      '--globoff', '--head', 'http://h/api/users/me/', '-H', 'user-agent:', '-H', 'accept:',
    ]);
    expect(replay(curlCommand(request({ method: 'POST', path: '/api/auth/logout/' }), 'http://h')).argv.slice(0, 3)).toEqual(['--globoff', '-X', 'POST']);
    const getWithBody = replay(curlCommand(request({ body: Buffer.from('{}') }), 'http://h')).argv;
    expect(getWithBody.slice(0, 3)).toEqual(['--globoff', '-X', 'GET']);
    expect(getWithBody).toContain('content-type:');
  });

  it('quotes any text into one shell word', () => {
    for (const text of ["'", "a'b''c", '$(rm -rf /)', '`x`', '\\', '\n', '', ' ; | & * ? [ ] { }']) {
      expect(replay(`curl ${shellQuote(text)}`).argv).toEqual([text]);
    }
  });
});

describe('copyAsCurl', () => {
  const login = (extra: Record<string, string> = {}) => {
    const body = Buffer.from('{"username":"alice","password":"canopy-demo-1"}');
    return request({
      method: 'POST',
      path: '/api/auth/login/',
      rawQuery: 'token=abc123',
      headers: { cookie: 'csrftoken=Zq1x9Zq1x9', 'x-csrftoken': 'Zq1x9Zq1x9', authorization: 'Token 35febdf6ec676c00', 'content-type': 'application/json', 'content-length': String(body.length), ...extra },
      body,
    });
  };

  it('replays the redacted request: credentials never reach the command line', () => {
    const command = copyAsCurl(login(), 'http://127.0.0.1:8080');
    expect(command).not.toMatch(/Zq1x9|35febdf6|canopy-demo-1|abc123/);
    const { argv } = replay(command);
    expect(argv).toContain(`authorization: Token ${REDACTED}`);
    expect(argv.at(-1)).toBe(`{"username": "alice", "password": "${REDACTED}"}`);
  });

  it('says in a comment that a body was not stored, and sends none', () => {
    const withheld = { ...login(), body: Buffer.alloc(0), bodyWithheld: 'credential route: request bodies are never stored' };
    const command = copyAsCurl(withheld, 'http://h');
    expect(command).toMatch(/ # request body not stored: credential route: request bodies are never stored$/);
    expect(replay(command).argv).not.toContain('--data-binary');
  });
});
