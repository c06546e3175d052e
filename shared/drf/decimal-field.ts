import { numericAscii, pyLen, pyStrip } from '../python/str.ts';
import type { JsonSchema } from './schema.ts';
import {
  empty,
  fail,
  limitValidators,
  makeField,
  MESSAGES,
  pyStrOf,
  runValidators,
  type AlwaysPresent,
  type Field,
  type FieldOptions,
  type Nullable,
} from './serializer-fields.ts';

// serializers.DecimalField on Python's decimal module (libmpdec): what Decimal(str) accepts,
// DRF's precision checks and quantize, and '{:f}' rendering (COERCE_DECIMAL_TO_STRING).

/** A finite Python Decimal: (-1)^negative × coefficient × 10^exponent; digits as written, no leading zeros. */
interface PyDecimal {
  negative: boolean;
  digits: string;
  exponent: bigint;
}

// The limits of libmpdec's exact conversion (MAX_EMAX, and Etiny of the maximum context).
const EMAX = 999999999999999999n;
const ETINY = -1999999999999999997n;

/**
 * Decimal(text): a finite value, 'nan' or 'inf' (signed or not, any case), or null where Python
 * raises InvalidOperation. Unicode digits and whitespace count; underscores are ignored anywhere.
 */
function parseDecimal(text: string): PyDecimal | 'nan' | 'inf' | null {
  // numeric_as_ascii(strip_ws=1, ignore_underscores=1); '?' marks what no grammar accepts.
  const ascii = numericAscii(pyStrip(text).replace(/_/g, '')).replace(/\0/g, '?');
  if (/^[+-]?s?nan\d*$/i.test(ascii)) return 'nan';
  if (/^[+-]?inf(inity)?$/i.test(ascii)) return 'inf';
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(ascii);
  if (!match || !/\d/.test((match[2] ?? '') + (match[3] ?? ''))) return null;
  const [, sign, whole = '', fraction = '', exp = '0'] = match;
  const digits = (whole + fraction).replace(/^0+(?=\d)/, '');
  const exponent = BigInt(exp) - BigInt(fraction.length);
  if (exponent + BigInt(digits.length) - 1n > EMAX || exponent < ETINY) return null;
  return { negative: sign === '-', digits, exponent };
}

/** '{:f}'.format(decimal): fixed point, no exponent; a negative zero keeps its sign. */
function formatFixed({ negative, digits, exponent }: PyDecimal): string {
  const sign = negative ? '-' : '';
  if (exponent >= 0n) return sign + (digits === '0' ? '0' : digits + '0'.repeat(Number(exponent)));
  const places = Number(-exponent);
  const padded = digits.padStart(places + 1, '0');
  return `${sign}${padded.slice(0, -places)}.${padded.slice(-places)}`;
}

/** str(decimal): Python's to-scientific-string (exponent form when it is positive or the value tiny). */
function formatStr({ negative, digits, exponent }: PyDecimal): string {
  const leftDigits = exponent + BigInt(digits.length);
  const dotPlace = exponent <= 0n && leftDigits > -6n ? leftDigits : 1n;
  let text: string;
  if (dotPlace <= 0n) text = `0.${'0'.repeat(Number(-dotPlace))}${digits}`;
  else if (dotPlace >= BigInt(digits.length)) text = digits + '0'.repeat(Number(dotPlace) - digits.length);
  else text = `${digits.slice(0, Number(dotPlace))}.${digits.slice(Number(dotPlace))}`;
  const shown = leftDigits - dotPlace;
  return (negative ? '-' : '') + text + (shown === 0n ? '' : `E${shown > 0n ? '+' : ''}${shown}`);
}

const scaled = (d: PyDecimal, exponent: bigint) => (d.negative ? -1n : 1n) * BigInt(d.digits) * 10n ** (d.exponent - exponent);

/** Numeric comparison of two decimals. */
function compare(a: PyDecimal, b: PyDecimal): number {
  const exponent = a.exponent < b.exponent ? a.exponent : b.exponent;
  const [x, y] = [scaled(a, exponent), scaled(b, exponent)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * value.quantize(Decimal('.1') ** places, context=Context(prec=maxDigits)) with the context's
 * ROUND_HALF_EVEN; InvalidOperation (more digits than maxDigits) is a 500 in DRF.
 */
function quantize(value: PyDecimal, places: number, maxDigits: number): PyDecimal {
  const exponent = BigInt(-places);
  let coefficient = BigInt(value.digits);
  if (value.exponent >= exponent) {
    coefficient *= 10n ** (value.exponent - exponent);
  } else {
    const divisor = 10n ** (exponent - value.exponent);
    const [quotient, remainder] = [coefficient / divisor, coefficient % divisor];
    const twice = remainder * 2n;
    coefficient = twice > divisor || (twice === divisor && quotient % 2n === 1n) ? quotient + 1n : quotient;
  }
  const adjusted = value.exponent + BigInt(value.digits.length) - 1n;
  if ((value.digits !== '0' && adjusted - exponent + 1n > BigInt(maxDigits)) || String(coefficient).length > maxDigits) {
    throw new Error('decimal.InvalidOperation: quantize result has too many digits for current context');
  }
  return { negative: value.negative, digits: String(coefficient), exponent };
}

/** Options of a DecimalField; limits are decimal literals, as Decimal('0.01'). */
export interface DecimalFieldOptions extends FieldOptions<string> {
  maxDigits: number;
  decimalPlaces: number;
  minValue?: string;
  maxValue?: string;
}

/**
 * map_field for a DecimalField with COERCE_DECIMAL_TO_STRING: a string of format 'decimal', the
 * step its decimal places allow, ±10^whole digits, then min_value and max_value over those.
 */
function decimalSchema({ maxDigits, decimalPlaces, minValue, maxValue }: DecimalFieldOptions): JsonSchema {
  const bound = 10 ** (maxDigits - decimalPlaces);
  return {
    type: 'string',
    format: 'decimal',
    ...(decimalPlaces > 0 && { multipleOf: 10 ** -decimalPlaces }),
    maximum: maxValue === undefined ? bound : Number(maxValue),
    minimum: minValue === undefined ? -bound : Number(minValue),
  };
}

/** A DecimalField: the field, and its to_representation for values read from the database. */
export type DecimalField<N extends string, O> = Field<N, Nullable<string, O>, AlwaysPresent<O>> & {
  /** DecimalField.to_representation with COERCE_DECIMAL_TO_STRING: '{:f}' of the quantized value. */
  toRepresentation(value: string | null): string;
};

const literal = (text: string): PyDecimal => {
  const value = parseDecimal(text);
  if (value === null || typeof value === 'string') throw new TypeError(`not a finite decimal: ${text}`);
  return value;
};

/**
 * serializers.DecimalField(max_digits, decimal_places): the internal value is the quantized
 * Decimal as '{:f}' renders it ('12.50'), which is also what to_representation gives for it.
 */
export function decimalField<N extends string, const O extends DecimalFieldOptions>(name: N, options: O): DecimalField<N, O> {
  const { maxDigits, decimalPlaces, allowNull = false } = options;
  const maxWholeDigits = maxDigits - decimalPlaces;
  const limits = {
    minValue: options.minValue === undefined ? undefined : literal(options.minValue),
    maxValue: options.maxValue === undefined ? undefined : literal(options.maxValue),
  };
  const validators = limitValidators(limits, compare, formatStr);

  /** validate_precision: one message, max_digits first. */
  function precisionError({ digits, exponent }: PyDecimal): string | null {
    const length = BigInt(digits.length);
    const [total, whole, places] =
      exponent >= 0n
        ? [length + exponent, length + exponent, 0n]
        : length > -exponent
          ? [length, length + exponent, -exponent]
          : [-exponent, 0n, -exponent];
    if (total > BigInt(maxDigits)) return `Ensure that there are no more than ${maxDigits} digits in total.`;
    if (places > BigInt(decimalPlaces)) return `Ensure that there are no more than ${decimalPlaces} decimal places.`;
    if (whole > BigInt(maxWholeDigits)) return `Ensure that there are no more than ${maxWholeDigits} digits before the decimal point.`;
    return null;
  }

  const field = makeField<N, string, O>(name, options, {
    schema: decimalSchema(options),
    runValidation(data, base) {
      // validate_empty_values: smart_str(data).strip() == '' means None, when nullable.
      const blank = data !== empty && data !== null && pyStrip(pyStrOf(data)) === '';
      return allowNull && blank ? { value: null } : base(data);
    },
    toInternalValue(data) {
      const text = pyStrip(pyStrOf(data));
      if (pyLen(text) > 1000) return fail(MESSAGES.maxStringLength);
      const value = parseDecimal(text);
      if (value === null || typeof value === 'string') return fail('A valid number is required.');
      const error = precisionError(value);
      if (error) return fail(error);
      const quantized = quantize(value, decimalPlaces, maxDigits);
      const checked = runValidators(quantized, validators);
      return 'errors' in checked ? checked : { value: formatFixed(quantized) };
    },
  });
  return Object.assign(field, {
    toRepresentation(value: string | null): string {
      if (value === null) return '';
      const parsed = parseDecimal(pyStrip(value));
      if (parsed === 'nan') return 'NaN';
      if (parsed === null || parsed === 'inf') throw new Error(`decimal.InvalidOperation quantizing ${value}`);
      return formatFixed(quantize(parsed, decimalPlaces, maxDigits));
    },
  }) as DecimalField<N, O>;
}
