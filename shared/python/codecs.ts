import { isUtf8 } from 'node:buffer';

// Python's codecs as Django and DRF apply them to request bodies: the charset a Content-Type
// names (request.encoding), strict and 'replace' decoding, and the exact UnicodeDecodeError text.

/** The codecs mirrored here, by the name Python's codecs.lookup() gives them. */
export type Codec = 'utf-8' | 'iso8859-1' | 'ascii';

// Built on first use, so that bundles which never look a charset up leave the tables out.
let codecTables: ReturnType<typeof buildCodecTables> | undefined;
function buildCodecTables() {
  const mirroredModules = new Map<string, Codec>([
    ['utf_8', 'utf-8'],
    ['latin_1', 'iso8859-1'],
    ['ascii', 'ascii'],
  ]);
  const mirroredAliases = new Map<string, Codec>([
    ...'u8 utf utf8 utf8_ucs2 utf8_ucs4 cp65001'.split(' ').map((name) => [name, 'utf-8'] as const),
    ...'8859 cp819 csisolatin1 ibm819 iso8859 iso8859_1 iso_8859_1 iso_8859_1_1987 iso_ir_100 l1 latin latin1'
      .split(' ')
      .map((name) => [name, 'iso8859-1'] as const),
    ...'646 ansi_x3.4_1968 ansi_x3_4_1968 ansi_x3.4_1986 cp367 csascii ibm367 iso646_us iso_646.irv_1991 iso_ir_6 us us_ascii'
      .split(' ')
      .map((name) => [name, 'ascii'] as const),
  ]);

  // Every other encodings.aliases key and encodings module Python 3.11 can look up on Linux.
  const otherAliases = new Set(
    (
      '037 1026 1125 1140 1250 1251 1252 1253 1254 1255 1256 1257 1258 273 424 437 500 775 850 852 855 857 858 860 ' +
      '861 862 863 864 865 866 869 932 936 949 950 arabic asmo_708 base64 base_64 big5_hkscs big5_tw bz2 chinese ' +
      'cp1051 cp1361 cp154 cp866u cp936 cp_gr cp_is csbig5 csibm037 csibm1026 csibm273 csibm424 csibm500 csibm855 ' +
      'csibm857 csibm858 csibm860 csibm861 csibm863 csibm864 csibm865 csibm866 csibm869 csiso2022jp csiso2022kr ' +
      'csiso58gb231280 csisolatin2 csisolatin3 csisolatin4 csisolatin5 csisolatin6 csisolatinarabic ' +
      'csisolatincyrillic csisolatingreek csisolatinhebrew cskoi8r cspc775baltic cspc850multilingual ' +
      'cspc862latinhebrew cspc8codepage437 cspcp852 csptcp154 csshiftjis cyrillic cyrillic_asian ebcdic_cp_be ' +
      'ebcdic_cp_ca ebcdic_cp_ch ebcdic_cp_he ebcdic_cp_nl ebcdic_cp_us ebcdic_cp_wt ecma_114 ecma_118 elot_928 ' +
      'euc_cn euc_jis2004 euccn eucgb2312_cn eucjis2004 eucjisx0213 eucjp euckr gb18030_2000 gb2312_1980 gb2312_80 ' +
      'greek greek8 hebrew hex hkscs hz_gb hz_gb_2312 hzgb ibm037 ibm039 ibm1026 ibm1051 ibm1125 ibm1140 ibm273 ' +
      'ibm424 ibm437 ibm500 ibm775 ibm850 ibm852 ibm855 ibm857 ibm858 ibm860 ibm861 ibm862 ibm863 ibm864 ibm865 ' +
      'ibm866 ibm869 iso2022jp iso2022jp_1 iso2022jp_2 iso2022jp_2004 iso2022jp_3 iso2022jp_ext iso2022kr ' +
      'iso_2022_jp iso_2022_jp_1 iso_2022_jp_2 iso_2022_jp_2004 iso_2022_jp_3 iso_2022_jp_ext iso_2022_kr ' +
      'iso_8859_10 iso_8859_10_1992 iso_8859_11 iso_8859_11_2001 iso_8859_13 iso_8859_14 iso_8859_14_1998 ' +
      'iso_8859_15 iso_8859_16 iso_8859_16_2001 iso_8859_2 iso_8859_2_1987 iso_8859_3 iso_8859_3_1988 iso_8859_4 ' +
      'iso_8859_4_1988 iso_8859_5 iso_8859_5_1988 iso_8859_6 iso_8859_6_1987 iso_8859_7 iso_8859_7_1987 iso_8859_8 ' +
      'iso_8859_8_1988 iso_8859_9 iso_8859_9_1989 iso_celtic iso_ir_101 iso_ir_109 iso_ir_110 iso_ir_126 iso_ir_127 ' +
      'iso_ir_138 iso_ir_144 iso_ir_148 iso_ir_157 iso_ir_166 iso_ir_199 iso_ir_226 iso_ir_58 jisx0213 korean ' +
      'ks_c_5601 ks_c_5601_1987 ks_x_1001 ksc5601 ksx1001 kz_1048 l10 l2 l3 l4 l5 l6 l7 l8 l9 latin10 latin2 latin3 ' +
      'latin4 latin5 latin6 latin7 latin8 latin9 mac_centeuro maccentraleurope maccyrillic macgreek maciceland ' +
      'macintosh maclatin2 macroman macturkish ms1361 ms932 ms936 ms949 ms950 ms_kanji mskanji pt154 quopri ' +
      'quoted_printable quotedprintable r8 rk1048 roman8 rot13 ruscii s_jis s_jis_2004 s_jisx0213 shiftjis ' +
      'shiftjis2004 shiftjisx0213 sjis sjis_2004 sjisx0213 strk1048_2002 thai tis620 tis_620_0 tis_620_2529_0 ' +
      'tis_620_2529_1 u16 u32 u7 u_jis uhc ujis unicode_1_1_utf_7 unicodebigunmarked unicodelittleunmarked utf16 ' +
      'utf32 utf7 utf_16be utf_16le utf_32be utf_32le uu windows_1250 windows_1251 windows_1252 windows_1253 ' +
      'windows_1254 windows_1255 windows_1256 windows_1257 windows_1258 x_mac_japanese x_mac_korean ' +
      'x_mac_simp_chinese x_mac_trad_chinese zip zlib'
    ).split(' '),
  );
  const otherModules = new Set(
    (
      'base64_codec big5 big5hkscs bz2_codec charmap cp037 cp1006 cp1026 cp1125 cp1140 cp1250 cp1251 cp1252 cp1253 ' +
      'cp1254 cp1255 cp1256 cp1257 cp1258 cp273 cp424 cp437 cp500 cp720 cp737 cp775 cp850 cp852 cp855 cp856 cp857 ' +
      'cp858 cp860 cp861 cp862 cp863 cp864 cp865 cp866 cp869 cp874 cp875 cp932 cp949 cp950 euc_jis_2004 ' +
      'euc_jisx0213 euc_jp euc_kr gb18030 gb2312 gbk hex_codec hp_roman8 hz idna iso2022_jp iso2022_jp_1 ' +
      'iso2022_jp_2 iso2022_jp_2004 iso2022_jp_3 iso2022_jp_ext iso2022_kr iso8859_10 iso8859_11 iso8859_13 ' +
      'iso8859_14 iso8859_15 iso8859_16 iso8859_2 iso8859_3 iso8859_4 iso8859_5 iso8859_6 iso8859_7 iso8859_8 ' +
      'iso8859_9 johab koi8_r koi8_t koi8_u kz1048 mac_arabic mac_croatian mac_cyrillic mac_farsi mac_greek ' +
      'mac_iceland mac_latin2 mac_roman mac_romanian mac_turkish palmos ptcp154 punycode quopri_codec ' +
      'raw_unicode_escape rot_13 shift_jis shift_jis_2004 shift_jisx0213 tis_620 undefined unicode_escape utf_16 ' +
      'utf_16_be utf_16_le utf_32 utf_32_be utf_32_le utf_7 utf_8_sig uu_codec zlib_codec'
    ).split(' '),
  );
  return { mirroredModules, mirroredAliases, otherAliases, otherModules };
}

/** encodings.normalize_encoding(), after codecs.lookup() has lower-cased ASCII letters. */
function normalizeEncoding(name: string): string {
  let out = '';
  let punct = false;
  for (const char of name.replace(/[A-Z]/g, (c) => c.toLowerCase())) {
    if (/[\p{L}\p{N}.]/u.test(char)) {
      if (punct && out) out += '_';
      if (char < '\x80') out += char;
      punct = false;
    } else {
      punct = true;
    }
  }
  return out;
}

/**
 * codecs.lookup(name) as Django's request.encoding applies it: the mirrored codec; 'unsupported'
 * for a codec Python has that is not mirrored here; null where Python raises LookupError (Django
 * then ignores the charset and DEFAULT_CHARSET, utf-8, applies).
 */
export function lookupCodec(name: string): Codec | 'unsupported' | null {
  const { mirroredModules, mirroredAliases, otherAliases, otherModules } = (codecTables ??= buildCodecTables());
  const normal = normalizeEncoding(name);
  // encodings.search_function: an alias (also tried with '.' as '_'), else a module of that name.
  for (const key of [normal, normal.replace(/\./g, '_')]) {
    const codec = mirroredAliases.get(key);
    if (codec) return codec;
    if (otherAliases.has(key)) return 'unsupported';
  }
  return mirroredModules.get(normal) ?? (otherModules.has(normal) ? 'unsupported' : null);
}

/** A UnicodeDecodeError: [start, end) of the offending bytes and CPython's reason. */
interface DecodeError {
  start: number;
  end: number;
  reason: string;
}

const isContinuation = (byte: number | undefined) => byte !== undefined && byte >= 0x80 && byte < 0xc0;

/**
 * CPython's UTF-8 decoder (Objects/stringlib/codecs.h) at one position: the length of the valid
 * sequence at `i`, the error there, or 0 when the input ends inside a sequence that may still be
 * valid and `stream` is set (StreamReader's final=False leaves such a tail undecoded, a truncated
 * surrogate ED A0..BF included; bytes.decode() reports 'unexpected end of data').
 */
function utf8Sequence(bytes: Uint8Array, i: number, stream: boolean): number | DecodeError {
  const lead = bytes[i]!;
  const left = bytes.length - i;
  const invalid = (length: number, reason = 'invalid continuation byte'): DecodeError => ({ start: i, end: i + length, reason });
  const truncated = () => (stream ? 0 : { start: i, end: bytes.length, reason: 'unexpected end of data' });
  if (lead < 0x80) return 1;
  if (lead < 0xc2 || lead > 0xf4) return invalid(1, 'invalid start byte');
  if (left < 2) return truncated();
  const second = bytes[i + 1]!;
  // The second byte's range excludes overlong forms, surrogates and code points above U+10FFFF.
  const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
  const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
  if (second < low || second > high) {
    return stream && lead === 0xed && left === 2 && isContinuation(second) ? 0 : invalid(1);
  }
  const length = lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
  for (let k = 2; k < length; k++) {
    if (k >= left) return truncated();
    if (!isContinuation(bytes[i + k])) return invalid(k);
  }
  return length;
}

/** Decodes, calling `onError` for each UnicodeDecodeError; it returns the replacement, or null to stop. */
function decode(
  bytes: Uint8Array,
  codec: Codec,
  stream: boolean,
  onError: (error: DecodeError) => string | null,
): string | null {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (codec === 'iso8859-1') return buffer.toString('latin1');
  // Fast paths; the loop below is the reference behaviour.
  if (codec === 'utf-8' && isUtf8(buffer)) return buffer.toString('utf8');
  let out = '';
  let i = 0;
  let validFrom = 0;
  while (i < bytes.length) {
    const step =
      codec === 'ascii'
        ? bytes[i]! < 0x80
          ? 1
          : { start: i, end: i + 1, reason: 'ordinal not in range(128)' }
        : utf8Sequence(bytes, i, stream);
    if (step === 0) break;
    if (typeof step === 'number') {
      i += step;
      continue;
    }
    const replacement = onError(step);
    if (replacement === null) return null;
    out += buffer.toString('utf8', validFrom, i) + replacement;
    i = validFrom = step.end;
  }
  return out + buffer.toString('utf8', validFrom, i);
}

/**
 * bytes.decode(codec) (errors='strict'): the text, or Python's UnicodeDecodeError message. With
 * `stream`, as codecs.getreader(codec)(stream).read() decodes (DRF's JSONParser): a sequence cut
 * short by the end of the body is dropped without error.
 */
export function decodeStrict(bytes: Uint8Array, codec: Codec, stream = false): { text: string } | { error: string } {
  let first: DecodeError | undefined;
  const text = decode(bytes, codec, stream, (error) => {
    first = error;
    return null;
  });
  if (text !== null) return { text };
  const { start, end, reason } = first!;
  const where =
    end - start === 1
      ? `byte 0x${bytes[start]!.toString(16).padStart(2, '0')} in position ${start}`
      : `bytes in position ${start}-${end - 1}`;
  return { error: `'${codec}' codec can't decode ${where}: ${reason}` };
}

/** bytes.decode(codec, 'replace'): each undecodable sequence becomes one U+FFFD. */
export function decodeReplace(bytes: Uint8Array, codec: Codec): string {
  return decode(bytes, codec, false, () => '\ufffd')!;
}
