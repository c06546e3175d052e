// Python's json.dumps(value, separators=...) with its default ensure_ascii=True: Django's
// signing.JSONSerializer (and so every session row) writes it compact, requests' `json=` with the defaults.

const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

function escapeChar(char: string): string {
  return SHORT_ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

function encodeString(value: string): string {
  // Everything outside printable ASCII, plus " and \, is escaped. Matching per UTF-16 code unit
  // yields exactly Python's surrogate pairs for astral characters.
  return `"${value.replace(/[^\x20\x21\x23-\x5b\x5d-\x7e]/g, escapeChar)}"`;
}

function encodeNumber(value: number): string {
  if (!Number.isFinite(value)) throw new TypeError(`${value} has no JSON form that JSON.parse reads back`);
  // JS cannot tell 1 from 1.0: integral numbers are written as Python writes ints (exact digits).
  if (Number.isInteger(value)) return BigInt(value).toString();
  // Non-integral floats: shortest round-trip digits (same as JS), but Python's repr switches to
  // exponent notation below 1e-4 (JS waits until 1e-7) and pads the exponent to two digits.
  if (Math.abs(value) >= 1e-4) return String(value);
  const [mantissa, exponent] = value.toExponential().split('e') as [string, string];
  return `${mantissa}e${exponent[0]}${exponent.slice(1).padStart(2, '0')}`;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** json.dumps's separators: (item separator, key separator). */
export type Separators = readonly [item: string, key: string];

/** json.dumps's default separators (indent=None). */
export const DEFAULT_SEPARATORS: Separators = [', ', ': '];

/** separators=(',', ':'), as Django's signing.JSONSerializer writes. */
export const COMPACT_SEPARATORS: Separators = [',', ':'];

/**
 * Python's json.dumps(value, separators=separators) byte for byte: ASCII-only output, key order as
 * Object.keys gives it (note: integer-like keys come first in JS), undefined properties skipped.
 */
export function jsonDumps(value: unknown, separators: Separators = DEFAULT_SEPARATORS): string {
  const [item, key] = separators;
  const dump = (member: unknown): string => {
    if (member === null) return 'null';
    switch (typeof member) {
      case 'boolean':
        return member ? 'true' : 'false';
      case 'number':
        return encodeNumber(member);
      case 'string':
        return encodeString(member);
      case 'object':
        if (Array.isArray(member)) return `[${member.map(dump).join(item)}]`;
        if (isPlainObject(member)) {
          const members = Object.entries(member)
            .filter(([, inner]) => inner !== undefined)
            .map(([name, inner]) => `${encodeString(name)}${key}${dump(inner)}`);
          return `{${members.join(item)}}`;
        }
    }
    throw new TypeError(`${Object.prototype.toString.call(member)} is not JSON serializable`);
  };
  return dump(value);
}
