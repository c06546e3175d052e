// Python 3.11's str semantics that DRF's error messages and conversions depend on. Tables are
// Python's own (Unicode 14.0), not Node's ICU, which is several Unicode versions ahead.

// str.isspace(): bidirectional class WS, B or S, or category Zs. All in the BMP, so one UTF-16 unit each.
const SPACE_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x09, 0x0d], [0x1c, 0x20], [0x85, 0x85], [0xa0, 0xa0], [0x1680, 0x1680], [0x2000, 0x200a],
  [0x2028, 0x2029], [0x202f, 0x202f], [0x205f, 0x205f], [0x3000, 0x3000],
];
const hex4 = (code: number) => `\\u${code.toString(16).padStart(4, '0')}`;

/** The characters Python's str.isspace() (and so str.strip() and re's \s) treats as whitespace. */
export const PY_WHITESPACE = /* @__PURE__ */ (() => new RegExp(`[${SPACE_RANGES.map(([a, b]) => `${hex4(a)}-${hex4(b)}`).join('')}]`))();

// One lookup per character: strip() and numericAscii() scan up to a whole 2.5 MiB body.
const SPACE_TABLE = /* @__PURE__ */ (() => {
  const table = new Uint8Array(0x3001);
  for (const [first, last] of SPACE_RANGES) table.fill(1, first, last + 1);
  return table;
})();
const isPySpace = (code: number) => SPACE_TABLE[code] === 1;
// bytes.isspace() and C's isspace(): ASCII space, \t, \n, \v, \f, \r.
const isAsciiSpace = (code: number) => code === 0x20 || (code >= 0x09 && code <= 0x0d);

// Strips by scanning inwards from both ends, as CPython does. A regex like /^\s+|\s+$/g is
// quadratic here: on "x" + n spaces + "x" it retries \s+$ from each of the n spaces.
function stripWhere(text: string, isSpace: (code: number) => boolean): string {
  let start = 0;
  let end = text.length;
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}

/** Python's str.strip() with no argument, in linear time. */
export const pyStrip = (text: string): string => stripWhere(text, isPySpace);

/** Python's bytes.strip() with no argument (of bytes held as a latin-1 string), in linear time. */
export const asciiStrip = (text: string): string => stripWhere(text, isAsciiSpace);

// First code point of each run of ten Unicode decimal digits (category Nd) in Python 3.11.
const DIGIT_ZEROS = [
  0x30, 0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66, 0xde6, 0xe50, 0xed0,
  0xf20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90, 0x1b50, 0x1bb0, 0x1c40, 0x1c50, 0xa620,
  0xa8d0, 0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0xff10, 0x104a0, 0x10d30, 0x11066, 0x110f0, 0x11136, 0x111d0,
  0x112f0, 0x11450, 0x114d0, 0x11650, 0x116c0, 0x11730, 0x118e0, 0x11950, 0x11c50, 0x11d50, 0x11da0, 0x16a60,
  0x16ac0, 0x16b50, 0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0, 0x1e950, 0x1fbf0,
];

/** A regular expression class (for the 'u' flag) of what Python's re means by \d: every decimal digit. */
export const PY_DIGIT = /* @__PURE__ */ (() => `[${DIGIT_ZEROS.map((zero) => `\\u{${zero.toString(16)}}-\\u{${(zero + 9).toString(16)}}`).join('')}]`)();

/** unicodedata.decimal(char, -1): the digit value of any Unicode decimal digit, else -1. */
export function decimalValue(codePoint: number): number {
  if (codePoint < 0x80) return codePoint >= 0x30 && codePoint <= 0x39 ? codePoint - 0x30 : -1;
  for (const zero of DIGIT_ZEROS) {
    if (codePoint < zero) return -1; // ascending: no later run holds it
    if (codePoint < zero + 10) return codePoint - zero;
  }
  return -1;
}

/**
 * What CPython does to a str before parsing it as a number
 * (_PyUnicode_TransformDecimalAndSpaceToASCII): decimal digits become ASCII digits, whitespace
 * becomes ' ', any other non-ASCII character becomes '?' (which no number grammar accepts). ASCII is kept.
 */
export function numericAscii(text: string): string {
  if (/^[\x00-\x7f]*$/.test(text)) return text;
  // One byte per code point, written in place: this can run over a whole 2.5 MiB request body.
  const out = Buffer.allocUnsafe(text.length);
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const codePoint = text.codePointAt(i)!;
    if (codePoint > 0xffff) i++;
    if (codePoint < 0x80) out[length++] = codePoint;
    else if (isPySpace(codePoint)) out[length++] = 0x20;
    else {
      const digit = decimalValue(codePoint);
      out[length++] = digit >= 0 ? 0x30 + digit : 0x3f;
    }
  }
  return out.toString('latin1', 0, length);
}

/** sys.get_int_max_str_digits(): int() refuses longer decimal strings (CVE-2020-10735). */
export const INT_MAX_STR_DIGITS = 4300;

/** Python's int(text) in base 10, or null where it raises ValueError. */
export function pyInt(text: string): bigint | null {
  // PyLong_FromString then skips C isspace() (ASCII) whitespace at either end.
  const ascii = asciiStrip(numericAscii(text));
  const match = /^([+-]?)(\d(?:_?\d)*)$/.exec(ascii);
  if (!match) return null;
  const digits = match[2]!.replace(/_/g, '');
  if (digits.length > INT_MAX_STR_DIGITS) return null;
  const value = BigInt(digits);
  return match[1] === '-' ? -value : value;
}

/** len(text) as Python counts it: code points (a lone surrogate is one). */
export function pyLen(text: string): number {
  let length = 0;
  for (const _ of text) length++;
  return length;
}

// str.isprintable() is false for categories Cc Cf Cs Co Cn Zl Zp Zs (but ' '). Node's tables are
// newer than Python's: these code points, assigned after Unicode 14, are still Cn to Python 3.11.
const NON_PRINTABLE = /\p{C}|(?! )\p{Z}/u;
const UNASSIGNED_IN_PYTHON = /* @__PURE__ */ (
  '88f 897 c5c cdc cf3 ece 1acf-1add 1ae0-1aeb 1b4e-1b4f 1b7f 1c89-1c8a 20c1 2427-2429 2b96 2ffc-2fff ' +
  '31e4-31e5 31ef a7cb-a7cf a7d2 a7d4 a7da-a7dc a7f1 fbc3-fbd2 fd90-fd91 fdc8-fdce 105c0-105f3 ' +
  '10940-10959 10d40-10d65 10d69-10d85 10d8e-10d8f 10ec2-10ec7 10ed0-10ed8 10efa-10eff 1123f-11241 ' +
  '11380-11389 1138b 1138e 11390-113b5 113b7-113c0 113c2 113c5 113c7-113ca 113cc-113d5 113d7-113d8 ' +
  '113e1-113e2 116d0-116e3 11b00-11b09 11b60-11b67 11bc0-11be1 11bf0-11bf9 11db0-11ddb 11de0-11de9 ' +
  '11f00-11f10 11f12-11f3a 11f3e-11f5a 1342f 13440-13455 13460-143fa 16100-16139 16d40-16d79 ' +
  '16ea0-16eb8 16ebb-16ed3 16ff2-16ff6 187f8-187ff 18cff 18d09-18d1e 18d80-18df2 1b132 1b155 ' +
  '1cc00-1ccfc 1cd00-1ceb3 1ceba-1ced0 1cee0-1cef0 1d2c0-1d2d3 1df25-1df2a 1e030-1e06d 1e08f ' +
  '1e4d0-1e4f9 1e5d0-1e5fa 1e5ff 1e6c0-1e6de 1e6e0-1e6f5 1e6fe-1e6ff 1f6d8 1f6dc 1f774-1f77f 1f7d9 ' +
  '1f8b2-1f8bb 1f8c0-1f8c1 1f8d0-1f8d8 1fa54-1fa57 1fa75-1fa77 1fa87-1fa8a 1fa8e-1fa8f 1faad-1faaf ' +
  '1fabb-1fabf 1fac6 1fac8 1facd-1facf 1fada-1fadc 1fadf 1fae8-1faea 1faef 1faf7-1faf8 1fbcb-1fbef ' +
  '1fbfa 2b739-2b73f 2cea2-2cead 2ebf0-2ee5d 31350-33479'
)
  .split(' ')
  .map((range) => {
    const [first, last = first] = range.split('-').map((hex) => parseInt(hex, 16)) as [number, number?];
    return [first, last] as const;
  });

/** str.isprintable() of one character, as Python 3.11 has it. */
function isPrintable(char: string): boolean {
  const codePoint = char.codePointAt(0)!;
  if (NON_PRINTABLE.test(char)) return false;
  return !UNASSIGNED_IN_PYTHON.some(([first, last]) => codePoint >= first && codePoint <= last);
}

function escapeChar(char: string): string {
  const codePoint = char.codePointAt(0)!;
  const hex = codePoint.toString(16);
  if (codePoint < 0x100) return `\\x${hex.padStart(2, '0')}`;
  if (codePoint < 0x10000) return `\\u${hex.padStart(4, '0')}`;
  return `\\U${hex.padStart(8, '0')}`;
}

/** repr() of a Python str: single quotes unless the text has ' and no ", non-printables escaped. */
export function reprStr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = '';
  for (const char of text) {
    if (char === quote || char === '\\') out += `\\${char}`;
    else if (char === '\t') out += '\\t';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (!isPrintable(char)) out += escapeChar(char);
    else out += char;
  }
  return quote + out + quote;
}

/**
 * repr() (= str()) of a Python float: the shortest round-trip digits, as in JS, but in exponent
 * form when the decimal exponent is below -4 or 16 and above, a two-digit exponent at least,
 * and '.0' on integral values.
 */
export function reprFloat(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const [mantissa, exp] = value.toExponential().split('e') as [string, string];
  const exponent = Number(exp);
  if (exponent < -4 || exponent >= 16) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  // Within that range JS's own fixed notation has the same digits; only '.0' is Python's.
  const fixed = String(value);
  return fixed.includes('.') ? fixed : `${fixed}.0`;
}
