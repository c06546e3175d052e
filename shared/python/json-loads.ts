import { decodeStrict, type Codec } from './codecs.ts';
import { INT_MAX_STR_DIGITS, reprFloat, reprStr } from './str.ts';

/**
 * A value Python's json.loads returns, typed as Python has it: int as bigint (arbitrary
 * precision), float as number ('1e400' is Infinity, as Python's inf), dict as a plain object.
 */
export type PyJson = null | boolean | bigint | number | string | PyJson[] | PyJsonObject;
/** A JSON object: a Python dict. */
export interface PyJsonObject {
  [key: string]: PyJson;
}

/**
 * How deeply arrays and objects may nest. Python's json has no limit of its own: it raises
 * RecursionError (uncaught: a 500) once the interpreter's 1000-frame recursion limit is reached,
 * and the request path down to DRF's parser already holds some of it. Measured on the monolith
 * under gunicorn (the login view): 941 levels parse, 942 fail. Views whose stack is deeper when
 * DRF parses (a session-authenticated POST parses inside the CSRF check) fail a few levels sooner.
 */
export const MAX_JSON_DEPTH = 941;

/** A JSONDecodeError (or another ValueError json.loads raises): its str() is `message`. */
class PythonJsonError extends Error {}

const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const HEX = /^[0-9a-fA-F]{4}$/;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const CONSTANTS = ['NaN', 'Infinity', '-Infinity'];

/**
 * CPython 3.11's C scanner (Modules/_json.c) over a JS string. The text never holds a lone
 * surrogate (it comes from a strict decoder), so UTF-16 indexes convert to Python's code point
 * indexes exactly, which only error messages need.
 */
function scan(text: string): PyJson {
  const end = text.length;

  const fail = (message: string, pos: number): never => {
    // JSONDecodeError: 'msg: line L column C (char P)', in code points.
    const before = text.slice(0, pos);
    const cp = (s: string) => s.length - (s.match(/[\udc00-\udfff]/g)?.length ?? 0);
    const lineStart = before.lastIndexOf('\n') + 1;
    const line = (before.match(/\n/g)?.length ?? 0) + 1;
    const column = cp(before.slice(lineStart)) + 1;
    throw new PythonJsonError(`${message}: line ${line} column ${column} (char ${cp(before)})`);
  };
  // StopIteration(idx) from scan_once becomes 'Expecting value' at idx.
  const expectingValue = (pos: number): never => fail('Expecting value', pos);

  const skipSpace = (i: number) => {
    while (isSpace(text[i])) i++;
    return i;
  };

  function scanString(start: number): [string, number] {
    let out = '';
    let i = start;
    for (;;) {
      let j = i;
      while (j < end) {
        const c = text.charCodeAt(j);
        if (c === 0x22 || c === 0x5c) break;
        if (c <= 0x1f) fail('Invalid control character at', j);
        j++;
      }
      if (j >= end) fail('Unterminated string starting at', start - 1);
      out += text.slice(i, j);
      if (text[j] === '"') return [out, j + 1];
      j++;
      if (j === end) fail('Unterminated string starting at', start - 1);
      const escape = text[j]!;
      if (escape !== 'u') {
        const char = ESCAPES[escape];
        if (char === undefined) fail('Invalid \\escape', j - 1);
        out += char;
        i = j + 1;
        continue;
      }
      // j is at 'u'; four hex digits and at least one more character must follow.
      if (j + 5 >= end) fail('Invalid \\uXXXX escape', j);
      const hex = text.slice(j + 1, j + 5);
      if (!HEX.test(hex)) fail('Invalid \\uXXXX escape', j);
      let code = parseInt(hex, 16);
      i = j + 5;
      if (code >= 0xd800 && code <= 0xdbff && i + 6 < end && text[i] === '\\' && text[i + 1] === 'u') {
        const low = text.slice(i + 2, i + 6);
        if (!HEX.test(low)) fail('Invalid \\uXXXX escape', i + 1);
        const lowCode = parseInt(low, 16);
        if (lowCode >= 0xdc00 && lowCode <= 0xdfff) {
          code = 0x10000 + ((code - 0xd800) << 10) + (lowCode - 0xdc00);
          i += 6;
        }
      }
      out += String.fromCodePoint(code);
    }
  }

  function scanNumber(start: number): [PyJson, number] {
    let i = start;
    if (text[i] === '-') {
      i++;
      if (i >= end) expectingValue(start);
    }
    if (text[i] === '0') i++;
    else if (text[i]! >= '1' && text[i]! <= '9') while (isDigit(text[++i]));
    else expectingValue(start);
    let isFloat = false;
    // CPython takes '.' and 'e' only when a character follows them (idx < end_idx).
    if (text[i] === '.' && isDigit(text[i + 1])) {
      isFloat = true;
      i += 2;
      while (isDigit(text[i])) i++;
    }
    if ((text[i] === 'e' || text[i] === 'E') && i + 1 < end) {
      let k = i + 1;
      if ((text[k] === '-' || text[k] === '+') && k + 1 < end) k++;
      while (isDigit(text[k])) k++;
      if (isDigit(text[k - 1])) {
        isFloat = true;
        i = k;
      }
    }
    const literal = text.slice(start, i);
    if (isFloat) return [Number(literal), i];
    const digits = literal.length - (literal[0] === '-' ? 1 : 0);
    if (digits > INT_MAX_STR_DIGITS) {
      throw new PythonJsonError(
        `Exceeds the limit (${INT_MAX_STR_DIGITS} digits) for integer string conversion: value has ${digits} digits; ` +
          'use sys.set_int_max_str_digits() to increase the limit',
      );
    }
    return [BigInt(literal), i];
  }

  function scanOnce(i: number, depth: number): [PyJson, number] {
    if (i >= end) expectingValue(i);
    const c = text[i]!;
    if (c === '"') return scanString(i + 1);
    if (c === '{' || c === '[') {
      // Python's RecursionError is no ValueError: DRF lets it through and Django answers 500.
      if (depth >= MAX_JSON_DEPTH) throw new Error('maximum recursion depth exceeded while decoding JSON');
      return c === '{' ? scanObject(i + 1, depth + 1) : scanArray(i + 1, depth + 1);
    }
    for (const [word, value] of [['null', null], ['true', true], ['false', false]] as const) {
      if (text.startsWith(word, i)) return [value, i + word.length];
    }
    // DRF's parse_constant=strict_constant refuses NaN and the infinities.
    const constant = CONSTANTS.find((name) => text.startsWith(name, i));
    if (constant) throw new PythonJsonError(`Out of range float values are not JSON compliant: '${constant}'`);
    return scanNumber(i);
  }

  function scanObject(start: number, depth: number): [PyJson, number] {
    const object: PyJsonObject = {};
    let i = skipSpace(start);
    if (text[i] === '}') return [object, i + 1];
    for (;;) {
      if (text[i] !== '"') fail('Expecting property name enclosed in double quotes', i);
      const [key, afterKey] = scanString(i + 1);
      i = skipSpace(afterKey);
      if (text[i] !== ':') fail("Expecting ':' delimiter", i);
      const [value, afterValue] = scanOnce(skipSpace(i + 1), depth);
      // defineProperty: a '__proto__' key is data, as in a dict. A repeated key keeps its first
      // position and takes the last value, as in a dict.
      Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
      i = skipSpace(afterValue);
      if (text[i] === '}') return [object, i + 1];
      if (text[i] !== ',') fail("Expecting ',' delimiter", i);
      i = skipSpace(i + 1);
    }
  }

  function scanArray(start: number, depth: number): [PyJson, number] {
    const array: PyJson[] = [];
    let i = skipSpace(start);
    if (text[i] === ']') return [array, i + 1];
    for (;;) {
      const [value, afterValue] = scanOnce(i, depth);
      array.push(value);
      i = skipSpace(afterValue);
      if (text[i] === ']') return [array, i + 1];
      if (text[i] !== ',') fail("Expecting ',' delimiter", i);
      i = skipSpace(i + 1);
    }
  }

  // json.loads: a BOM is refused; JSONDecoder.decode: whitespace around one value, nothing else.
  if (text.startsWith('\ufeff')) fail('Unexpected UTF-8 BOM (decode using utf-8-sig)', 0);
  const [value, after] = scanOnce(skipSpace(0), 0);
  const trailing = skipSpace(after);
  if (trailing !== end) fail('Extra data', trailing);
  return value;
}

/**
 * DRF's JSONParser on a request body: codecs.getreader(encoding) then json.load with
 * parse_constant=strict_constant. Throws an Error whose message is exactly what DRF puts after
 * 'JSON parse error - ' (Python's ValueError text), except past MAX_JSON_DEPTH, where it throws
 * the plain Error that stands for Python's RecursionError (a 500).
 */
export function parsePythonJson(bytes: Uint8Array, codec: Codec = 'utf-8'): PyJson {
  const decoded = decodeStrict(bytes, codec, true);
  if ('error' in decoded) throw new PythonJsonError(decoded.error);
  return scan(decoded.text);
}

/** Whether an error from parsePythonJson is Python's ValueError (DRF's ParseError), not a RecursionError. */
export function isJsonValueError(error: unknown): error is Error {
  return error instanceof PythonJsonError;
}

/** repr() of a Python value json.loads can return; JS key order (integer-like keys first) for dicts. */
export function pyRepr(value: PyJson): string {
  if (typeof value === 'string') return reprStr(value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `${reprStr(k)}: ${pyRepr(v)}`).join(', ')}}`;
  }
  return pyStr(value);
}

/** str() of a Python value json.loads can return: 1 -> '1', 1.0 -> '1.0', 1e16 -> '1e+16', True, None. */
export function pyStr(value: PyJson): string {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return reprFloat(value);
  if (typeof value === 'string') return value;
  return pyRepr(value);
}
