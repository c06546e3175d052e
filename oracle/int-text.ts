/**
 * Generated texts that probe Python's int(str): ASCII and other Unicode decimal digits, signs,
 * underscores in every position, whitespace Python and JavaScript disagree on, lengths around
 * the 4300-digit limit, and near misses (letters, dots, exponents, lone surrogates).
 */
import fc from 'fast-check';

// Zeros of a few runs of ten Unicode decimal digits, astral ones included (Mathematical, Adlam).
const DIGIT_ZEROS = [0x30, 0x660, 0x6f0, 0x966, 0xe50, 0xff10, 0x104a0, 0x1d7ce, 0x1e950];
// str.isspace() (stripped by int() only when also ASCII C whitespace or non-ASCII), and look-alikes that are not.
const SPACES = [' ', '\t', '\n', '\r', '\x0b', '\x0c', '\x1c', '\x1f', '\x85', '\xa0', '\u1680', '\u2003', '\u2028', '\u3000', '\u200b', '\ufeff'];
const NEAR_MISSES = ['.', 'e', 'E', 'x', '0x', 'a', '²', '½', 'Ⅳ', '\u0000', '\ud800', '😀', '%', '/', '__'];

const digit = fc.tuple(fc.constantFrom(...DIGIT_ZEROS), fc.integer({ min: 0, max: 9 })).map(([zero, d]) => String.fromCodePoint(zero + d));
const digitRun = fc.array(fc.oneof({ weight: 5, arbitrary: digit }, { weight: 1, arbitrary: fc.constant('_') }), { minLength: 1, maxLength: 12 }).map((a) => a.join(''));
const space = fc.constantFrom(...SPACES);
const spaces = fc.array(space, { maxLength: 3 }).map((a) => a.join(''));
const sign = fc.constantFrom('', '', '+', '-', '+-', '--');

/** A run of `n` digits (some grouped by underscores) for n around int()'s 4300-digit limit. */
const longNumber = fc
  .tuple(fc.integer({ min: 4290, max: 4310 }), fc.constantFrom('1', '9', '0', '٣'), fc.boolean())
  .map(([n, d, grouped]) => (grouped ? `${d.repeat(n - 1)}_${d}` : d.repeat(n)));

/** Text an int() parser should be tested with: mostly almost-numbers, sometimes well formed. */
export const intLikeText: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(spaces, sign, digitRun, spaces).map((parts) => parts.join('')) },
  { weight: 3, arbitrary: fc.array(fc.oneof(digitRun, space, sign, fc.constantFrom(...NEAR_MISSES)), { maxLength: 6 }).map((a) => a.join('')) },
  { weight: 1, arbitrary: longNumber },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
);

/** FUZZ_SEED replays a run (each run prints the seed it used); otherwise a fresh one. */
export function fuzzSeed(): number {
  const given = process.env.FUZZ_SEED;
  return given === undefined || given === '' ? Math.floor(Math.random() * 2 ** 31) : Number(given);
}
