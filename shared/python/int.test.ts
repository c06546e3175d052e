/**
 * pyInt, the project's one Python int(str), against python3's own int() on generated texts:
 * Unicode digits, signs, underscores, whitespace and lengths around the 4300-digit limit.
 * The seed is printed; FUZZ_SEED=<seed> replays a run, PY_INT_CASES scales it (default 3000).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runDrfBatch } from '../../oracle/drf-python.ts';
import { fuzzSeed, intLikeText } from '../../oracle/int-text.ts';
import { pyInt } from './str.ts';

const ORACLE = `
def handle(case):
    try:
        return str(int(case))
    except ValueError:
        return None
`;

const seed = fuzzSeed();
const texts = fc.sample(intLikeText, { seed, numRuns: Number(process.env.PY_INT_CASES ?? 3000) });
const outcomes = runDrfBatch<string | null>(ORACLE, texts);

describe("pyInt is Python 3.11's int(str)", () => {
  it(`on ${texts.length} generated texts (FUZZ_SEED=${seed})`, () => {
    console.log(`python int() oracle: ${texts.length} texts, FUZZ_SEED=${seed}`);
    const differences = texts.flatMap((text, i) => {
      const outcome = outcomes[i]!;
      if (!('ok' in outcome)) throw new Error(`python raised ${outcome.raised} on ${JSON.stringify(text)}: ${outcome.message}`);
      const ours = pyInt(text)?.toString() ?? null;
      // Long texts shortened: a 4300-digit text would bury the report.
      const short = (value: string | null) => (value !== null && value.length > 60 ? `${value.slice(0, 60)}… (${value.length} units)` : value);
      return ours === outcome.ok ? [] : [{ text: short(JSON.stringify(text)), ours: short(ours), python: short(outcome.ok) }];
    });
    expect(differences.slice(0, 5), `FUZZ_SEED=${seed}`).toEqual([]);
  });

  it('the generated texts reach every outcome: accepted in other digits, refused, and over the limit', () => {
    const accepted = outcomes.filter((o) => 'ok' in o && o.ok !== null);
    expect(accepted.length).toBeGreaterThan(texts.length / 10);
    expect(accepted.length).toBeLessThan(texts.length * 0.9);
    expect(texts.some((t, i) => /[^\x00-\x7f]/.test(t) && 'ok' in outcomes[i]! && outcomes[i]!.ok !== null)).toBe(true);
    expect(texts.some((t) => t.replace(/[^0-9]/g, '').length > 4300)).toBe(true);
  });
});
