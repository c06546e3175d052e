import { describe, expect, it } from 'vitest';
import { runDrfBatch, seededRandom } from '../../oracle/drf-python.ts';
import { lookupCodec } from './codecs.ts';
import { asciiStrip, decimalValue, PY_WHITESPACE, pyInt, pyLen, pyStrip, reprStr } from './str.ts';

// Python's Unicode tables compared over every code point, and int()/strip()/codec lookup on
// generated text, all in one Python process.
const ORACLE = `
import codecs, unicodedata

def handle(case):
    kind = case['kind']
    if kind == 'tables':
        chars = [chr(c) for c in range(0x110000)]
        return {
            'printable': ''.join('1' if c.isprintable() else '0' for c in chars),
            'space': ''.join('1' if c.isspace() else '0' for c in chars),
            'decimal': ''.join(str(unicodedata.decimal(c, -1)).replace('-1', '-') for c in chars),
        }
    if kind == 'int':
        try:
            return str(int(case['text']))
        except ValueError:
            return None
    if kind == 'strip':
        return [case['text'].strip(), len(case['text'])]
    if kind == 'bytes-strip':
        return case['text'].encode('latin-1').strip().decode('latin-1')
    if kind == 'strip-bounds':
        # Where strip() cuts (long texts: the indices, not the text), and int() of it.
        text = case['text']
        data = text.encode('latin-1') if case['bytes'] else text
        try:
            number = str(int(text))
        except ValueError:
            number = None
        return [len(data) - len(data.lstrip()), len(data.rstrip()), number]
    try:
        return codecs.lookup(case['text']).name
    except LookupError:
        return None
`;

const random = seededRandom(99);
const pieces = ['1', '0', '9', '_', '__', '-', '+', ' ', '\t', '\n', '\u00a0', '\u2003', '\u3000', '\u0085', '\u200b',
  '٣', '０', '𝟗', '\u11f50', 'a', 'e', '.', '\u0000', '\ufeff', 'é', '😀', '\ud800'];
const texts = [
  '', '0', '-0', '+5', ' 42 ', '1_000', '1__0', '_1', '1_', '٥', '１２', '- 5', '+-5', '5\n', '\u00a07\u3000', '0x10',
  '1'.repeat(4300), '1'.repeat(4301), `-${'2'.repeat(4300)}`, `${'0'.repeat(5000)}`,
  ...Array.from({ length: 400 }, () => Array.from({ length: 1 + random.int(5) }, () => random.pick(pieces)).join('')),
];
const CODEC_NAMES = ['utf-8', 'UTF-8', 'utf8', 'UTF8', 'u8', 'utf', 'Utf--8', 'utf 8', ' utf-8 ', '_utf_8_', 'utf.8', 'utf-8-sig',
  'utf8mb4', 'cp65001', 'latin-1', 'Latin1', 'ISO-8859-1', 'iso8859-1', 'ISO_8859-1:1987', 'l1', '8859', 'cp819', 'iso-ir-100',
  'ascii', 'US-ASCII', 'ANSI_X3.4-1968', 'ansi_x3.4.1968', 'iso-646.irv:1991', '646', 'us', 'utf-16', 'UTF-16LE', 'utf.16',
  'cp1252', 'windows-1252', 'shift_jis', 'rot13', 'base64', 'undefined', 'mbcs', 'ansi', 'dbcs', 'x-user-defined', 'foo',
  '', 'é', 'utfé8', 'latin_1.', 'aliases', 'charmap', 'constructor', '__proto__', 'toString'];

// The worst case of a backtracking /^\s+|\s+$/g: a long whitespace run between two other
// characters (quadratic: 2.5 MiB of it took hours). Each whitespace kind, at the body limit.
const BODY_LIMIT = 2.5 * 1024 * 1024;
const pathological = ['\t', ' ', '\u3000'].flatMap((space) => [
  `x${space.repeat(BODY_LIMIT)}x`,
  `${space.repeat(BODY_LIMIT)}x${space.repeat(BODY_LIMIT)}`,
  space.repeat(BODY_LIMIT),
]);
const isLatin1 = (text: string) => /^[\x00-\xff]*$/.test(text);
const latin1 = texts.filter(isLatin1);

type Tables = { printable: string; space: string; decimal: string };
const cases = [
  { kind: 'tables' },
  ...texts.map((text) => ({ kind: 'int', text })),
  ...texts.map((text) => ({ kind: 'strip', text })),
  ...CODEC_NAMES.map((text) => ({ kind: 'codec', text })),
  ...latin1.map((text) => ({ kind: 'bytes-strip', text })),
  ...pathological.map((text) => ({ kind: 'strip-bounds', text, bytes: isLatin1(text) })),
];
const oracle = runDrfBatch<unknown>(ORACLE, cases).map((outcome) => {
  if (!('ok' in outcome)) throw new Error(`${outcome.raised}: ${outcome.message}`);
  return outcome.ok;
});

describe("Python 3.11's Unicode tables", () => {
  const tables = oracle[0] as Tables;
  const each = (flag: (char: string) => string) => {
    let out = '';
    for (let c = 0; c < 0x110000; c++) out += flag(String.fromCodePoint(c));
    return out;
  };

  it('str.isprintable(), as repr() applies it', () => {
    const ours = each((c) => (reprStr(c) === `'${c}'` || c === "'" || c === '\\' ? '1' : '0'));
    expect(ours).toBe(tables.printable);
  });

  it('str.isspace(), as strip() applies it', () => {
    expect(each((c) => (pyStrip(c) === '' ? '1' : '0'))).toBe(tables.space);
  });

  it("str.isspace(), as PY_WHITESPACE (re's \\s) matches it", () => {
    expect(each((c) => (PY_WHITESPACE.test(c) ? '1' : '0'))).toBe(tables.space);
  });

  it('unicodedata.decimal()', () => {
    expect(each((c) => (decimalValue(c.codePointAt(0)!) >= 0 ? String(decimalValue(c.codePointAt(0)!)) : '-'))).toBe(
      tables.decimal,
    );
  });
});

describe('int(), strip() and len()', () => {
  it.each(texts.map((text, i) => [i, text] as const))('text %i', (i, text) => {
    expect(pyInt(text)?.toString() ?? null).toBe(oracle[1 + i]);
    expect([pyStrip(text), pyLen(text)]).toEqual(oracle[1 + texts.length + i]);
  });
});

describe('strip() in linear time', () => {
  const first = 1 + 2 * texts.length + CODEC_NAMES.length;
  // Bounded by the test timeout: each case is milliseconds now, hours with the old regex.
  it.each(latin1.map((text, i) => [i] as const))('bytes.strip() of latin-1 text %i', (i) => {
    expect(asciiStrip(latin1[i]!)).toBe(oracle[first + i]);
  });

  it.each(pathological.map((text, i) => [i, text.length] as const))('pathological text %i (%i units) as str.strip(), bytes.strip() and int()', (i) => {
    const text = pathological[i]!;
    const [start, end, number] = oracle[first + latin1.length + i] as [number, number, string | null];
    // All BMP, so Python's code point indices are UTF-16 indices here.
    expect(isLatin1(text) ? asciiStrip(text) : pyStrip(text)).toBe(text.slice(start, end));
    if (isLatin1(text)) expect(pyStrip(text)).toBe(text.slice(start, end));
    expect(pyInt(text)?.toString() ?? null).toBe(number);
  });
});

describe('lookupCodec', () => {
  const names: Record<string, string> = { 'utf-8': 'utf-8', 'iso8859-1': 'iso8859-1', ascii: 'ascii' };
  it.each(CODEC_NAMES.map((name, i) => [name, i] as const))('%j resolves as codecs.lookup()', (name, i) => {
    const python = oracle[1 + 2 * texts.length + i] as string | null;
    const expected = python === null ? null : (names[python] ?? 'unsupported');
    expect(lookupCodec(name)).toBe(expected);
  });
});
