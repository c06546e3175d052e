import { describe, expect, it } from 'vitest';
import { cookieFrom, encodeRequest, ResponseParser, type WireResponse } from './http-wire.ts';

function parse(chunks: string[], keepBody = true): { responses: WireResponse[]; parser: ResponseParser } {
  const responses: WireResponse[] = [];
  const parser = new ResponseParser((r) => responses.push(r), keepBody);
  for (const chunk of chunks) parser.push(Buffer.from(chunk, 'latin1'));
  return { responses, parser };
}

// Every way of cutting the bytes into two chunks must give the same result.
function splits(text: string): string[][] {
  return Array.from({ length: text.length + 1 }, (_, i) => [text.slice(0, i), text.slice(i)]);
}

describe('ResponseParser', () => {
  it('reads a Content-Length body however the bytes are cut', () => {
    const wire = 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{"id": 1  }';
    for (const chunks of splits(wire)) {
      const { responses, parser } = parse(chunks);
      expect(responses.map((r) => [r.status, r.body.toString(), r.close])).toEqual([[200, '{"id": 1  }', false]]);
      expect(parser.midResponse).toBe(false);
    }
  });

  it('reads chunked bodies with extensions and trailers, byte by byte', () => {
    const wire = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nabcd\r\nA\r\n0123456789\r\n0\r\nX-Trailer: y\r\n\r\n';
    const { responses } = parse([...wire]);
    expect(responses.map((r) => r.body.toString())).toEqual(['abcd0123456789']);
  });

  it('reads pipelined responses from one chunk, in order', () => {
    const one = (status: number, body: string) => `HTTP/1.1 ${status} X\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
    const { responses } = parse([one(200, 'a') + one(403, 'bc') + 'HTTP/1.1 204 No Content\r\n\r\n' + one(500, '')]);
    expect(responses.map((r) => [r.status, r.body.toString()])).toEqual([[200, 'a'], [403, 'bc'], [204, ''], [500, '']]);
  });

  it('marks responses after which the server closes: Connection: close and HTTP/1.0', () => {
    const { responses } = parse([
      'HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n',
      'HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n',
      'HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n',
    ]);
    expect(responses.map((r) => r.close)).toEqual([true, true, false]);
  });

  it('completes a body delimited by the close only when the socket ends', () => {
    const { responses, parser } = parse(['HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nhello ', 'world']);
    expect(responses).toHaveLength(0);
    expect(parser.end()).toBe(true);
    expect(responses[0]!.body.toString()).toBe('hello world');
  });

  it('tells a response cut short from a clean end', () => {
    expect(parse(['HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc']).parser.end()).toBe(false);
    expect(parse(['HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na']).parser.end()).toBe(true);
  });

  it('skips interim 1xx answers', () => {
    const { responses } = parse(['HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n']);
    expect(responses.map((r) => r.status)).toEqual([201]);
  });

  it('keeps every Set-Cookie and finds a cookie by name', () => {
    const { responses } = parse(['HTTP/1.1 200 OK\r\nSet-Cookie: csrftoken=abc; Path=/\r\nSet-Cookie: sessionid=xyz; HttpOnly\r\nContent-Length: 0\r\n\r\n']);
    expect(cookieFrom(responses[0]!, 'sessionid')).toBe('xyz');
    expect(cookieFrom(responses[0]!, 'csrftoken')).toBe('abc');
    expect(cookieFrom(responses[0]!, 'other')).toBeUndefined();
  });

  it('rejects what is not HTTP/1.x', () => {
    expect(() => parse(['SSH-2.0-OpenSSH\r\n\r\n'])).toThrow(/malformed status line/);
  });
});

describe('encodeRequest', () => {
  it('writes the request line, Host, the given headers and Content-Length for a body', () => {
    const bytes = encodeRequest({ method: 'POST', path: '/api/auth/login/', headers: { 'Content-Type': 'application/json' }, body: '{"a":"é"}' }, '127.0.0.1:8000');
    expect(bytes.toString()).toBe('POST /api/auth/login/ HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n{"a":"é"}');
  });
});
