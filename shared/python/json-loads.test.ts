import { describe, expect, it } from 'vitest';
import { b64, runDrfBatch, seededRandom, sortDicts, toTyped, type Typed } from '../../oracle/drf-python.ts';
import type { Codec } from './codecs.ts';
import { isJsonValueError, MAX_JSON_DEPTH, parsePythonJson, pyRepr, pyStr, type PyJson } from './json-loads.ts';

type ParseCase = { kind: 'parse'; body: string; encoding: Codec };
type Case =
  | ParseCase
  | { kind: 'str'; value: string }
  | { kind: 'float'; value: string };

const ORACLE = `
import io, json
from rest_framework.parsers import JSONParser
from rest_framework.exceptions import ParseError

def handle(case):
    if case['kind'] == 'parse':
        try:
            value = JSONParser().parse(io.BytesIO(b64(case['body'])), 'application/json', {'encoding': case['encoding']})
        except ParseError as exc:
            return {'detail': str(exc.detail)}
        return {'value': typed(value), 'str': str(value), 'repr': repr(value)}
    if case['kind'] == 'float':
        return repr(float.fromhex(case['value']))
    return repr(json.loads(case['value']))
`;

const enc = (text: string) => Buffer.from(text, 'utf8');
const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? enc(p) : Buffer.from(p))));

const HAND_PICKED: Buffer[] = [
  enc(''), enc(' '), enc('\n\n  '), enc('{}'), enc('[]'), enc('null'), enc('true'), enc('false'), enc('nul'), enc('tru'),
  enc('NaN'), enc('Infinity'), enc('-Infinity'), enc('[NaN]'), enc('{"a": -Infinity}'), enc('Nan'), enc('-Inf'), enc('inf'),
  enc('0'), enc('-0'), enc('-0.0'), enc('00'), enc('01'), enc('-'), enc('--1'), enc('+1'), enc('1.'), enc('.5'), enc('1.5'),
  enc('1e5'), enc('1E+5'), enc('1e-5'), enc('1e'), enc('1e+'), enc('1e-'), enc('1.e5'), enc('1.5e'), enc('[1e]'), enc('[1.]'),
  enc('1e400'), enc('-1e400'), enc('1e-400'), enc('123456789012345678901234567890'), enc('0.1'), enc('1e16'), enc('1e15'),
  enc('1'.repeat(4300)), enc('1'.repeat(4301)), enc(`-${'9'.repeat(4301)}`), enc(`${'1'.repeat(5000)}.5`),
  enc('"abc"'), enc('"a'), enc('"'), enc('"\\'), enc('"\\"'), enc('"\\x"'), enc('"\\u"'), enc('"\\u12"'), enc('"\\u1234'),
  enc('"\\u1234"'), enc('"\\u12G4"'), enc('"\\ud83d\\ude00"'), enc('"\\ud83d"'), enc('"\\ude00\\ud83d"'),
  enc('"\\ud83d\\u0041"'), enc('"\\ud83d\\uZZZZ"'), enc('"\\ud83d\\ude0"'), enc('"\\ud83d\\ude00'), enc('"\\ud800\\ud800"'),
  enc('"\\/\\b\\f\\n\\r\\t\\"\\\\"'), enc('"\t"'), enc('"\n"'), enc('"\u001f"'), enc('"\u007f"'), enc('"😀"'), enc('"😀\u0001"'),
  enc('😀 x'), enc('["😀", 1 2]'), enc('{"😀": 1,}'), enc('{"a" 1}'), enc('{"a":}'), enc('{a:1}'), enc("{'a':1}"), enc('{"a":1'),
  enc('{"a":1 "b":2}'), enc('{"a":1,"a":2,"b":3,"a":4}'), enc('{"__proto__": {"x": 1}, "constructor": 2}'),
  enc('{"2": 1, "1": 2, "b": 3}'), enc('[1,]'), enc('[,1]'), enc('[1 2]'), enc('['), enc(']'), enc('[[[]]'), enc('{"a":[}'),
  enc('1 2'), enc('1\n\n  2'), enc('{}x'), enc('  {}  '), enc('\u00a0{}'), enc('\u2028{}'), enc('{}\f'), enc('\ufeff{}'),
  enc('\ufeff'), enc('line1\nline2'), enc('[\n1,\n2,\n}'), enc('[1,\r\n2\r\n,x]'),
  bytes([0xff]), bytes([0x80], 'abc'), bytes('ab', [0xc3, 0x28]), bytes('{"a":1}', [0xe2, 0x82]), bytes('"', [0xe2]),
  bytes('"a', [0xe2, 0x82], '"'), bytes('"', [0xed, 0xa0, 0x80], '"'), bytes('"', [0xed, 0xa0]), bytes('"', [0xed]),
  bytes('"', [0xf0, 0x9f, 0x98]), bytes('"', [0xf0, 0x9f]), bytes('"', [0xf4, 0x90, 0x80, 0x80], '"'), bytes('"', [0xf5], '"'),
  bytes('"', [0xe0, 0x80, 0x80], '"'), bytes('"', [0xc0, 0xaf], '"'), bytes('"', [0xf0, 0x80], '"'), bytes('"', [0xe1, 0x80, 0x41]),
  bytes('"', [0xf1, 0x80, 0x80, 0x41]), bytes('"', [0xf1, 0x80, 0x41]), bytes([0xef, 0xbb, 0xbf], '{}'), bytes([0xfe, 0xff]),
  bytes('"é"'), bytes('["', [0xe9], '"]'), bytes([0xe2, 0x82, 0xac, 0xff]),
];

// Hundreds of malformed documents: valid JSON with random edits (bytes inserted, deleted, replaced).
function generated(count: number): Buffer[] {
  const random = seededRandom(20240611);
  const seeds = [
    '{"username": "alice", "password": "pässwörd 😀"}',
    '{"site": 12, "product": "diesel", "quantity": "12.50", "window_start": "2026-01-05T08:00:00Z"}',
    '[1, -2.5e-3, true, false, null, "x\\n\\u00e9\\ud83d\\ude00", {"a": [[], {}]}]',
    '{"n": 123456789012345678901234567890, "f": 1.5E+300, "s": "\\"\\\\\\/"}',
  ];
  const pieces = ['{', '}', '[', ']', ',', ':', '"', '\\', 'u', 'e', 'E', '.', '-', '+', '0', '9', ' ', '\n', '\t', 'N', 'I',
    'n', 't', 'f', '\u0000', '\u001f', 'é', '😀', '\ufeff', 'true', 'null', 'NaN', 'Infinity', '\\u', '\\ud800', '1e400'];
  const rawBytes = [0x80, 0xbf, 0xc2, 0xe2, 0xed, 0xf0, 0xf4, 0xf5, 0xff];
  const cases: Buffer[] = [];
  for (let n = 0; n < count; n++) {
    let doc: Buffer = enc(random.pick(seeds));
    for (let edits = 1 + random.int(3); edits > 0; edits--) {
      const at = random.int(doc.length + 1);
      const roll = random.int(4);
      const insert = roll === 3 ? Buffer.from([random.pick(rawBytes)]) : enc(random.pick(pieces));
      if (roll === 0) doc = Buffer.concat([doc.subarray(0, at), doc.subarray(at + 1)]);
      else if (roll === 1) doc = doc.subarray(0, at);
      else doc = Buffer.concat([doc.subarray(0, at), insert, doc.subarray(roll === 2 ? at + 1 : at)]);
    }
    cases.push(doc);
  }
  return cases;
}

const random = seededRandom(7);
const LATIN1 = Array.from({ length: 40 }, () => Buffer.from(Array.from({ length: 6 }, () => random.int(256))));
const parseCases: ParseCase[] = [
  ...[...HAND_PICKED, ...generated(1200)].map((body) => ({ kind: 'parse', body: b64(body), encoding: 'utf-8' }) as const),
  ...[...HAND_PICKED, ...LATIN1.map((b) => Buffer.concat([enc('["'), b, enc('"]')]))].flatMap((body) =>
    (['iso8859-1', 'ascii'] as const).map((encoding) => ({ kind: 'parse', body: b64(body), encoding }) as const),
  ),
];

// Floats from their bit patterns: around every repr() switch-over, subnormals and random ones.
const FLOATS = [0, -0, 1, 0.5, 1e16, 9999999999999998, 1e15, 0.0001, 0.00009999999999999999, 1e-5, 1.5e-7, 5e-324,
  1.7976931348623157e308, 123456789.123, 1 / 3, 2 ** 53, 2 ** 53 + 2, 1e22, 1e21, 1e-7, Infinity, -Infinity, NaN,
  ...Array.from({ length: 300 }, () => {
    const view = new DataView(new ArrayBuffer(8));
    view.setUint32(0, random.int(2 ** 32));
    view.setUint32(4, random.int(2 ** 32));
    return view.getFloat64(0);
  })];
const floatHex = (x: number) => (Number.isNaN(x) ? 'nan' : !Number.isFinite(x) ? (x > 0 ? 'inf' : '-inf') : hexOf(x));
function hexOf(x: number): string {
  // float.fromhex() input with the exact bits of x.
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const sign = hi >>> 31 ? '-' : '';
  const exponent = (hi >>> 20) & 0x7ff;
  const mantissa = ((BigInt(hi & 0xfffff) << 32n) | BigInt(view.getUint32(4))).toString(16).padStart(13, '0');
  return exponent === 0 ? `${sign}0x0.${mantissa}p-1022` : `${sign}0x1.${mantissa}p${exponent - 1023}`;
}

const STRINGS = ['', 'plain', "it's", 'say "hi"', `both ' and "`, 'back\\slash', 'tab\tnl\ncr\r', '\u0000\u0007\u001f\u007f',
  '\u0080\u009f\u00a0\u00ad\u00e9\u00ff', '\u0100\u2028\u2029\u200b\ufeff\uffff', '😀\u{e0001}\u{10ffff}', '\ud800 \udfff',
  ...Array.from({ length: 200 }, () => String.fromCodePoint(...Array.from({ length: 4 }, () => random.pick([random.int(0x300), random.int(0x3400), random.int(0x30000)]))))];

const cases: Case[] = [
  ...parseCases,
  ...FLOATS.map((x) => ({ kind: 'float', value: floatHex(x) }) as const),
  ...STRINGS.map((s) => ({ kind: 'str', value: JSON.stringify(s) }) as const),
];
const oracle = runDrfBatch<Typed>(ORACLE, cases);

function ours(c: ParseCase) {
  try {
    const value = parsePythonJson(Buffer.from(c.body, 'base64'), c.encoding);
    return { value: sortDicts(toTyped(value)), str: pyStr(value) };
  } catch (error) {
    if (!isJsonValueError(error)) throw error;
    return { detail: `JSON parse error - ${error.message}` };
  }
}

describe('parsePythonJson', () => {
  const parses = parseCases.map((c, i) => [i, c] as const);
  it.each(parses)('case %i answers as DRF JSONParser', (i, c) => {
    const expected = oracle[i]!;
    if (!('ok' in expected)) throw new Error(`oracle raised ${expected.raised}: ${expected.message}`);
    const py = expected.ok as { value?: Typed; str?: string; detail?: string };
    // Python's str() of a dict depends on key order, which JS objects change for integer-like keys.
    const result = ours(c);
    if ('detail' in result) expect(result).toEqual({ detail: py.detail });
    else expect(result).toEqual({ value: sortDicts(py.value!), str: /"\d+":/.test(Buffer.from(c.body, 'base64').toString()) ? result.str : py.str });
  });

  it('keeps ints exact and floats as Python floats', () => {
    expect(parsePythonJson(enc('[12345678901234567890, 1.0, 1e400, -0]'))).toEqual([12345678901234567890n, 1, Infinity, 0n]);
  });

  it('makes "__proto__" an ordinary key', () => {
    const value = parsePythonJson(enc('{"__proto__": 1}')) as Record<string, PyJson>;
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });

  it(`nests ${MAX_JSON_DEPTH} deep, and fails deeper as Python's RecursionError (a 500), not a ParseError`, () => {
    const nest = (n: number) => enc('['.repeat(n) + ']'.repeat(n));
    expect(() => parsePythonJson(nest(MAX_JSON_DEPTH))).not.toThrow();
    let error: unknown;
    try {
      parsePythonJson(nest(MAX_JSON_DEPTH + 1));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    expect(isJsonValueError(error)).toBe(false);
  });
});

describe('pyStr and pyRepr', () => {
  const offset = parseCases.length;
  it.each(FLOATS.map((x, i) => [i, x] as const))('float %i is printed as repr() does', (i, x) => {
    expect(oracle[offset + i]).toEqual({ ok: pyStr(x) });
  });

  it.each(STRINGS.map((s, i) => [i, s] as const))('string %i is repr()-ed as Python does', (i, s) => {
    expect(oracle[offset + FLOATS.length + i]).toEqual({ ok: pyRepr(s) });
  });

  it('prints ints, bools and None as str() does', () => {
    expect([pyStr(10n ** 30n), pyStr(-5n), pyStr(true), pyStr(false), pyStr(null)]).toEqual([
      '1000000000000000000000000000000', '-5', 'True', 'False', 'None']);
  });
});
