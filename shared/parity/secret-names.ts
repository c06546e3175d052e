/** What stands in place of a secret. */
export const REDACTED = '[redacted]';

// Matched anywhere in a name (lower-cased, separators removed): long enough not to hit ordinary words.
const SECRET_PARTS = /pass|pwd|secret|token|signature|credential|csrf|session|cookie|card|cvv|cvc|hmac|apikey|privatekey|authorization/;
// Matched as whole words only: `key` but not `monkey`, `pin` but not `shipping`, `auth` but not `author`.
const SECRET_WORDS = new Set(['key', 'sig', 'pin', 'otp', 'auth', 'jwt', 'iban']);

/** Whether a header, cookie, query or body field name looks like it holds a secret. */
export function isSecretName(name: string): boolean {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/);
  return SECRET_PARTS.test(words.join('')) || words.some((word) => SECRET_WORDS.has(word));
}

/**
 * A field name as it may be stored: a secret-looking name that is not a plain identifier (say a
 * JSON text posted as a form, whose whole body becomes one field name) may carry the secret
 * itself, so it is replaced too.
 */
export function storableName(name: string): string {
  return isSecretName(name) && !/^[\w.\[\] -]{0,64}$/.test(name) ? REDACTED : name;
}
