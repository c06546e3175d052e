import { isUtf8 } from 'node:buffer';
import { hopByHopHeaders } from '../http/hop-by-hop.ts';
import { redactRequest } from './redact.ts';
import type { ObservedRequest } from './types.ts';

// Besides hop-by-hop headers: curl sets Host (from the base URL) and Content-Length itself.
const SET_BY_CURL = ['host', 'content-length'];

/** A shell word: single-quoted, each `'` written as `'\''`. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A printf format that writes `bytes` exactly: printable ASCII as is, everything else (NUL included) as octal. */
function printfFormat(bytes: Buffer): string {
  return [...bytes]
    .map((byte) => {
      if (byte === 0x25) return '%%';
      if (byte === 0x5c) return '\\\\';
      if (byte >= 0x20 && byte < 0x7f) return String.fromCharCode(byte);
      return `\\${byte.toString(8).padStart(3, '0')}`;
    })
    .join('');
}

/**
 * A shell command line that sends `request` with curl against `baseUrl`, as given: headers but
 * hop-by-hop ones, Host and Content-Length; headers the request lacked that curl would add
 * (User-Agent, Accept, a form Content-Type) are suppressed, so the monolith sees what it saw.
 * A body that is not plain UTF-8 text, or that starts with `@` (a file name to curl), is piped
 * in from printf. A body withheld from storage is named in a trailing comment.
 */
export function curlCommand(request: ObservedRequest, baseUrl: string): string {
  const { method, path, rawQuery, headers, body } = request;
  const notReplayed = new Set([...hopByHopHeaders(headers.connection), ...SET_BY_CURL]);
  const hasBody = body.length > 0 && method !== 'HEAD';
  const words = ['curl', '--globoff'];
  if (method === 'HEAD') words.push('--head');
  else if (!(method === 'GET' && !hasBody) && !(method === 'POST' && hasBody)) words.push('-X', method);
  words.push(shellQuote(`${baseUrl.replace(/\/+$/, '')}${path}${rawQuery ? `?${rawQuery}` : ''}`));
  for (const [name, value] of Object.entries(headers)) {
    // `Name;` is curl's way to send a header with an empty value (`Name:` would remove it).
    if (value !== undefined && !notReplayed.has(name)) words.push('-H', shellQuote(value === '' ? `${name};` : `${name}: ${value}`));
  }
  const suppressed = ['user-agent', 'accept', ...(hasBody ? ['content-type'] : [])].filter((name) => headers[name] === undefined);
  for (const name of suppressed) words.push('-H', shellQuote(`${name}:`));
  // Newlines cannot end the comment early: a reason is one line.
  if (request.bodyWithheld !== undefined) return `${words.join(' ')} # request body not stored: ${request.bodyWithheld.replace(/[\r\n]/g, ' ')}`;
  if (!hasBody) return words.join(' ');
  if (isUtf8(body) && !body.includes(0) && body[0] !== 0x40) return [...words, '--data-binary', shellQuote(body.toString('utf8'))].join(' ');
  return `printf ${shellQuote(printfFormat(body))} | ${[...words, '--data-binary', '@-'].join(' ')}`;
}

/**
 * The request replayed with curl against `baseUrl`, redacted first (secrets come back as
 * [redacted]: put real credentials in by hand; a body is replayed only as the function's parser
 * read it, see redactRequest).
 */
export function copyAsCurl(request: ObservedRequest, baseUrl: string): string {
  return curlCommand(redactRequest(request), baseUrl);
}
