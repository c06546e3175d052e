/**
 * What the bad-input suites share: generators of hostile text, JSON values,
 * content types and header values (fast-check), and the check that an answer
 * is in one of the monolith's own formats.
 */
import fc from 'fast-check';

const sqlish = fc.constantFrom("' OR 1=1 --", '"; DROP TABLE auth_user; --', '\\x00', '%', '_', "'); select pg_sleep(5); --", 'ü€😀', '\u0000', '\ud800');
export const text = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }), sqlish);
export const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(text, tie('value'), { maxKeys: 4 })),
})).value;

export const contentType = fc.constantFrom('application/json', 'application/json; charset=latin-1', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=zz', 'text/plain', '*/*', 'application/json; charset=nope', '', 'x');
export const headerValue = fc.oneof(text.map((t) => t.replace(/[^\x20-\x7e]/g, '')), fc.constant(''));

/** DRF's error JSON ({"detail": ...} or field errors), or one of Django's own HTML pages. */
export function isMonolithFormat(status: number, contentType: string | undefined, responseBody: string): boolean {
  if (status < 300 || status === 301 || responseBody === '') return true;
  if (contentType === 'application/json') {
    const parsed = JSON.parse(responseBody) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && Object.keys(parsed).length > 0;
  }
  // Django's own pages: 404, 400, the CSRF 403.
  return contentType?.startsWith('text/html') === true && /<title>|<h1>/.test(responseBody);
}
