import { deflateSync, inflateSync } from 'node:zlib';
import { constantTimeCompare, saltedHmac, type HmacAlgorithm } from './crypto.ts';
import { COMPACT_SEPARATORS, jsonDumps } from '../python/json-dumps.ts';
import { acceptsPre31Formats } from './monolith-settings.ts';

/** Which of django.core.signing's exceptions this is (SignatureExpired is a BadSignature in Django too). */
export type SigningErrorCode = 'BadSignature' | 'SignatureExpired';

/** django.core.signing.BadSignature / SignatureExpired as one error type. */
export class SigningError extends Error {
  constructor(
    readonly code: SigningErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SigningError';
  }
}

/** Key material and namespace of a Signer. */
export interface SignerOptions {
  /** settings.SECRET_KEY (or the key argument). */
  secret: string;
  /** Namespace; defaults to Django's per-class default ('django.core.signing.Signer' / '...TimestampSigner'). */
  salt?: string;
}

/** Clock override, in epoch seconds (Django's time.time()). */
export interface Clock {
  now?: number;
}

const SEP = ':';
// Django signs with sha256; 3.1 and 3.2 still accept sha1 signatures (DEFAULT_HASHING_ALGORITHM), 4.0+ do not.
const ALGORITHM: HmacAlgorithm = 'sha256';
const LEGACY_ALGORITHM: HmacAlgorithm | null = acceptsPre31Formats() ? 'sha1' : null;
const BASE62_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

const nowSeconds = (clock: Clock): number => clock.now ?? Date.now() / 1000;

/** django.core.signing.b64_encode: URL-safe base64 without padding. */
export function b64Encode(data: Uint8Array): string {
  return Buffer.from(data).toString('base64url');
}

/** django.core.signing.b64_decode: URL-safe base64, padding optional. */
export function b64Decode(text: string): Buffer {
  return Buffer.from(text, 'base64url');
}

/** django.utils.baseconv.base62.encode for a non-negative integer. */
export function base62Encode(value: number): string {
  let rest = Math.floor(value);
  let out = '';
  do {
    out = BASE62_ALPHABET.charAt(rest % 62) + out;
    rest = Math.floor(rest / 62);
  } while (rest > 0);
  return out;
}

/** django.utils.baseconv.base62.decode for a non-negative integer. */
export function base62Decode(text: string): number {
  if (text === '') throw new SigningError('BadSignature', 'Empty base62 value');
  let value = 0;
  for (const char of text) {
    const digit = BASE62_ALPHABET.indexOf(char);
    if (digit < 0) throw new SigningError('BadSignature', `Invalid base62 digit ${JSON.stringify(char)}`);
    value = value * 62 + digit;
  }
  return value;
}

function signature(value: string, secret: string, salt: string, algorithm: HmacAlgorithm): string {
  return b64Encode(saltedHmac(`${salt}signer`, value, secret, algorithm));
}

/** Signer(key, salt=salt).sign(value): `value:signature`. */
export function sign(value: string, { secret, salt = 'django.core.signing.Signer' }: SignerOptions): string {
  return `${value}${SEP}${signature(value, secret, salt, ALGORITHM)}`;
}

/** Signer(key, salt=salt).unsign(signed): the value, or SigningError('BadSignature'). */
export function unsign(signed: string, { secret, salt = 'django.core.signing.Signer' }: SignerOptions): string {
  const at = signed.lastIndexOf(SEP);
  if (at < 0) throw new SigningError('BadSignature', `No "${SEP}" found in value`);
  const value = signed.slice(0, at);
  const sig = signed.slice(at + 1);
  if (
    constantTimeCompare(sig, signature(value, secret, salt, ALGORITHM)) ||
    (LEGACY_ALGORITHM !== null && constantTimeCompare(sig, signature(value, secret, salt, LEGACY_ALGORITHM)))
  ) {
    return value;
  }
  throw new SigningError('BadSignature', `Signature "${sig}" does not match`);
}

/** TimestampSigner(key, salt=salt).sign(value): `value:timestamp:signature`. */
export function timestampSign(
  value: string,
  { secret, salt = 'django.core.signing.TimestampSigner', ...clock }: SignerOptions & Clock,
): string {
  return sign(`${value}${SEP}${base62Encode(nowSeconds(clock))}`, { secret, salt });
}

/** TimestampSigner(key, salt=salt).unsign(signed, max_age): the value; SignatureExpired once older than maxAgeSeconds. */
export function timestampUnsign(
  signed: string,
  { secret, salt = 'django.core.signing.TimestampSigner', maxAgeSeconds, ...clock }: SignerOptions & Clock & { maxAgeSeconds?: number },
): string {
  const result = unsign(signed, { secret, salt });
  const at = result.lastIndexOf(SEP);
  if (at < 0) throw new SigningError('BadSignature', 'No timestamp in signed value');
  const timestamp = base62Decode(result.slice(at + 1));
  if (maxAgeSeconds !== undefined) {
    const age = nowSeconds(clock) - timestamp;
    if (age > maxAgeSeconds) throw new SigningError('SignatureExpired', `Signature age ${age} > ${maxAgeSeconds} seconds`);
  }
  return result.slice(0, at);
}

/** Options of signing.dumps. */
export interface DumpsOptions extends Clock {
  secret: string;
  /** Defaults to 'django.core.signing', as in Django. */
  salt?: string;
  /** zlib-compress when that saves at least two bytes, marking the payload with a leading '.'. */
  compress?: boolean;
}

/** django.core.signing.dumps(obj, key, salt, compress) with the JSONSerializer. */
export function dumps(obj: unknown, { secret, salt = 'django.core.signing', compress = false, now }: DumpsOptions): string {
  let data = Buffer.from(jsonDumps(obj, COMPACT_SEPARATORS), 'latin1');
  let prefix = '';
  if (compress) {
    const compressed = deflateSync(data);
    if (compressed.length < data.length - 1) {
      data = compressed;
      prefix = '.';
    }
  }
  return timestampSign(prefix + b64Encode(data), { secret, salt, now });
}

/** Options of signing.loads. */
export interface LoadsOptions extends Clock {
  secret: string;
  /** Defaults to 'django.core.signing', as in Django. */
  salt?: string;
  maxAgeSeconds?: number;
}

/** django.core.signing.loads(signed, key, salt, max_age) with the JSONSerializer. */
export function loads(signed: string, { secret, salt = 'django.core.signing', maxAgeSeconds, now }: LoadsOptions): unknown {
  const base64d = timestampUnsign(signed, { secret, salt, maxAgeSeconds, now });
  const compressed = base64d.startsWith('.');
  let data = b64Decode(compressed ? base64d.slice(1) : base64d);
  if (compressed) data = inflateSync(data);
  return JSON.parse(data.toString('latin1'));
}
