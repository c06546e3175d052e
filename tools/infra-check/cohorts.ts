/**
 * Sticky cohorts as the URL map can express them. Weighted backends are drawn
 * per request, so a signed-in client would bounce between the function and the
 * monolith during a canary. Django's session keys (32 of [0-9a-z]) and DRF's
 * token keys (40 hex digits) are random, so their first two characters are a
 * uniform hash of the client already: a canary of weight w puts the first
 * ceil(w / 1000 * buckets) two-character prefixes on the function, matched by
 * a regular expression on the Cookie or Authorization header. The same
 * credential lands on the same side for the whole rollout, and a larger
 * weight's prefixes include a smaller one's, so clients only ever move to the
 * function. infra/modules/load-balancer/url-map.tf computes the same
 * expressions (the tests compare them with Terraform's own evaluation).
 */

/** A credential the URL map can key a cohort on: the header carrying it and the alphabet of its first characters. */
interface CohortKey {
  header: string;
  alphabet: string;
  /** The regular expression around the prefix class: `%s` is the prefix, everything else whole-value RE2 that JavaScript reads alike. */
  pattern: string;
}

/** DRF's TokenAuthentication: `Token <40 hex digits>`, the keyword in any case (DRF compares it lower-cased). */
const TOKEN: CohortKey = { header: 'authorization', alphabet: '0123456789abcdef', pattern: '^\\s*[Tt][Oo][Kk][Ee][Nn]\\s+%s.*$' };

/** Django's session cookie (SESSION_COOKIE_NAME sessionid), wherever it is in the Cookie header. */
const SESSION: CohortKey = { header: 'cookie', alphabet: '0123456789abcdefghijklmnopqrstuvwxyz', pattern: '^(.*;\\s*)?sessionid=%s.*$' };

/** In the order the rules are tried: a token client is keyed on its token, else on its session. */
export const COHORT_KEYS: readonly CohortKey[] = [TOKEN, SESSION];

/** The first `count` characters of the alphabet as a character class (the alphabets run 0-9 then a-). */
function firstOf(alphabet: string, count: number): string {
  const last = alphabet[count - 1]!;
  return count <= 10 ? `[0-${last}]` : `[0-9a-${last}]`;
}

/** How many two-character prefixes of the key's alphabet a weight (of 1000) puts on the function: rounded up, so any weight above 0 has a cohort. */
export function cohortBuckets(key: CohortKey, weight: number): number {
  return Math.ceil((weight * key.alphabet.length ** 2) / 1000);
}

/** The regular expression matching the key's header when its credential is in the cohort of `weight` (0 < weight < 1000). */
export function cohortRegex(key: CohortKey, weight: number): string {
  const size = key.alphabet.length;
  const buckets = cohortBuckets(key, weight);
  const whole = Math.floor(buckets / size);
  const rest = buckets % size;
  const prefixes = [
    ...(whole > 0 ? [`${firstOf(key.alphabet, whole)}${firstOf(key.alphabet, size)}`] : []),
    ...(rest > 0 ? [`${key.alphabet[whole]}${firstOf(key.alphabet, rest)}`] : []),
  ];
  return key.pattern.replace('%s', `(${prefixes.join('|')})`);
}

/** The regular expression matching the key's header whenever it carries such a credential, in the cohort or not. */
export function keyPresentRegex(key: CohortKey): string {
  return key.pattern.replace('%s', `${firstOf(key.alphabet, key.alphabet.length)}`);
}

/** The share of clients each cohort key puts on the function at a canary weight, as the URL map's rules do. */
export function cohortShares(weight: number): Array<{ header: string; share: number }> {
  return COHORT_KEYS.map((key) => ({ header: key.header, share: cohortBuckets(key, weight) / key.alphabet.length ** 2 }));
}
