// The part of Python 3.11's urllib.parse.urlparse() that CsrfViewMiddleware's Referer check reads:
// scheme, netloc, and geturl() for the REASON_BAD_REFERER message.
import { isIP } from 'node:net';

/** urlparse(referer) reduced to what the CSRF check uses. */
export interface ParsedReferer {
  /** Lower-cased scheme, '' when none. */
  scheme: string;
  netloc: string;
  /** urlunparse() of the parts: the URL with empty ';', '?', '#' delimiters dropped. */
  url: string;
}

const SCHEME_CHARS = /^[A-Za-z][A-Za-z0-9+\-.]*$/;
// Schemes whose path urlparse splits ';params' off (urllib.parse.uses_params).
const USES_PARAMS = new Set(['', 'ftp', 'hdl', 'prospero', 'http', 'imap', 'https', 'shttp', 'rtsp', 'rtspu', 'sip', 'sips', 'mms', 'sftp', 'tel']);
const USES_NETLOC = new Set(['', 'ftp', 'http', 'gopher', 'nntp', 'telnet', 'imap', 'wais', 'file', 'mms', 'https', 'shttp', 'snews', 'prospero', 'rtsp', 'rtspu', 'rsync', 'svn', 'svn+ssh', 'sftp', 'nfs', 'git', 'git+ssh', 'ws', 'wss']);

function invalidUrl(message: string): never {
  throw new Error(`Referer raises ValueError in urlparse: ${message}`);
}

// urllib.parse._check_bracketed_netloc / _check_bracketed_host.
function checkBracketedNetloc(netloc: string): void {
  const hostAndPort = netloc.slice(netloc.lastIndexOf('@') + 1);
  const open = hostAndPort.indexOf('[');
  let hostname: string;
  if (open >= 0) {
    if (open > 0) invalidUrl('Invalid IPv6 URL');
    const bracketed = hostAndPort.slice(open + 1);
    const close = bracketed.indexOf(']');
    hostname = close < 0 ? bracketed : bracketed.slice(0, close);
    const port = close < 0 ? '' : bracketed.slice(close + 1);
    if (port && !port.startsWith(':')) invalidUrl('Invalid IPv6 URL');
  } else {
    hostname = hostAndPort.split(':')[0]!;
  }
  if (hostname.startsWith('v')) {
    if (!/^v[a-fA-F0-9]+\.[^\n]+$/.test(hostname)) invalidUrl('IPvFuture address is invalid');
  } else if (isIP(hostname) !== 6) {
    invalidUrl(`${JSON.stringify(hostname)} is not a valid IPv6 address`);
  }
}

// urllib.parse._checknetloc: no NFKC tricks that would smuggle in URL delimiters.
function checkNetloc(netloc: string): void {
  if (/^[\x00-\x7f]*$/.test(netloc)) return;
  const plain = netloc.replace(/[@:#?]/g, '');
  const normalized = plain.normalize('NFKC');
  if (plain !== normalized && /[/?#@:]/.test(normalized)) invalidUrl(`netloc '${netloc}' contains invalid characters under NFKC normalization`);
}

/**
 * urllib.parse.urlparse(referer) as Python 3.11 computes scheme, netloc and geturl() (urlsplit with
 * `split`: the ';params' stay in the path); throws where it raises ValueError.
 */
export function parseReferer(referer: string, { split = false }: { split?: boolean } = {}): ParsedReferer {
  let rest = referer.replace(/^[\x00-\x20]+/, '').replace(/[\t\r\n]/g, '');
  let scheme = '';
  let netloc = '';
  const colon = rest.indexOf(':');
  if (colon > 0 && SCHEME_CHARS.test(rest.slice(0, colon))) {
    scheme = rest.slice(0, colon).toLowerCase();
    rest = rest.slice(colon + 1);
  }
  if (rest.startsWith('//')) {
    const end = rest.slice(2).search(/[/?#]/);
    netloc = end < 0 ? rest.slice(2) : rest.slice(2, end + 2);
    rest = end < 0 ? '' : rest.slice(end + 2);
    if (netloc.includes('[') !== netloc.includes(']')) invalidUrl('Invalid IPv6 URL');
    if (netloc.includes('[')) checkBracketedNetloc(netloc);
  }
  const hash = rest.indexOf('#');
  const fragment = hash < 0 ? '' : rest.slice(hash + 1);
  if (hash >= 0) rest = rest.slice(0, hash);
  const question = rest.indexOf('?');
  const query = question < 0 ? '' : rest.slice(question + 1);
  if (question >= 0) rest = rest.slice(0, question);
  checkNetloc(netloc);

  // urlparse's _splitparams, then urlunparse: an empty ';params' is dropped.
  let path = rest;
  let params = '';
  if (!split && USES_PARAMS.has(scheme)) {
    const semicolon = path.includes('/') ? path.indexOf(';', path.lastIndexOf('/')) : path.indexOf(';');
    if (semicolon >= 0) {
      params = path.slice(semicolon + 1);
      path = path.slice(0, semicolon);
    }
  }
  if (params) path = `${path};${params}`;

  // urlunsplit.
  let url = path;
  if (netloc || (scheme && USES_NETLOC.has(scheme) && !url.startsWith('//'))) {
    if (url && !url.startsWith('/')) url = `/${url}`;
    url = `//${netloc}${url}`;
  }
  if (scheme) url = `${scheme}:${url}`;
  if (query) url = `${url}?${query}`;
  if (fragment) url = `${url}#${fragment}`;
  return { scheme, netloc, url };
}
