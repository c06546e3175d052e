import { diffPair } from './diff.ts';
import { elementToken, formatPath, keyToken, normalisePath } from './paths.ts';
import type { Difference, ObservedAnswer, ParityRules } from './types.ts';
import { comparable } from './view.ts';

/**
 * What one route has learned from pairs of monolith answers to the same
 * request, per normalised field path: in how many pairs the path was there to
 * compare, and in how many of those it differed. Plain data, stored as JSON.
 */
export interface NoiseModel {
  /** Pairs of monolith answers learned from. */
  samples: number;
  paths: Record<string, { compared: number; differing: number }>;
}

/** What one pair of monolith answers teaches: the normalised paths present in either, and those that differed. */
export interface NoiseSample {
  compared: string[];
  differing: string[];
}

/**
 * A path is noise once it was compared in at least NOISE_MIN_COMPARED pairs
 * and differed in at least NOISE_SHARE of them. Values Django generates per
 * answer (now() with microseconds, CSRF tokens, session keys, uuids) differ in
 * nearly every pair and cross the line within the first ten; values that only
 * differ when a write lands between the two requests (a count, an order's
 * status, last_login) differ in a small share and stay real, since a function
 * bug would produce exactly those differences. Ten pairs keep a chance streak
 * from making a field noise: a path differing in 20 % of pairs reaches half of
 * ten about 3 % of the time, and falls back below as pairs accumulate.
 */
export const NOISE_MIN_COMPARED = 10;
/** See NOISE_MIN_COMPARED. */
export const NOISE_SHARE = 0.5;
/**
 * Past this many comparisons a path's counts are halved, so the model keeps
 * weighing roughly the last 500-1000 pairs: a field that stops being volatile
 * (a fix in the monolith) stops being noise, and the numbers stay small.
 */
export const NOISE_WINDOW = 1000;

/** A model that has learned nothing yet. */
export function emptyNoiseModel(): NoiseModel {
  return { samples: 0, paths: {} };
}

function collectPaths(node: unknown, tokens: string[], into: Set<string>): void {
  if (tokens.length > 0) into.add(formatPath(tokens));
  if (Array.isArray(node)) node.forEach((element) => collectPaths(element, [...tokens, elementToken('*')], into));
  else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) collectPaths(value, [...tokens, keyToken(key)], into);
  }
}

/** Compares two monolith answers to the same request: the normalised paths that differ between them are noise candidates. */
export function learnNoise(a: ObservedAnswer, a2: ObservedAnswer, rules: ParityRules = {}): NoiseSample {
  const pair = comparable(a, a2, rules);
  const compared = new Set<string>();
  collectPaths(pair.a, [], compared);
  collectPaths(pair.b, [], compared);
  const differing = new Set(diffPair(pair, rules).map((d) => normalisePath(d.path)));
  return { compared: [...compared].sort(), differing: [...differing].sort() };
}

/** The model with one more sample counted in; a new object, the input is left as it was. */
export function addSample(model: NoiseModel, sample: NoiseSample): NoiseModel {
  const differing = new Set(sample.differing);
  const paths = { ...model.paths };
  for (const path of sample.compared) {
    const previous = Object.hasOwn(paths, path) ? paths[path]! : { compared: 0, differing: 0 };
    const entry = { compared: previous.compared + 1, differing: previous.differing + (differing.has(path) ? 1 : 0) };
    paths[path] =
      entry.compared > NOISE_WINDOW ? { compared: Math.round(entry.compared / 2), differing: Math.round(entry.differing / 2) } : entry;
  }
  return { samples: model.samples + 1, paths };
}

/** Whether differences at `path` (any array positions) are noise under the model. */
export function isNoise(model: NoiseModel, path: string): boolean {
  const key = normalisePath(path);
  if (!Object.hasOwn(model.paths, key)) return false;
  const { compared, differing } = model.paths[key]!;
  return compared >= NOISE_MIN_COMPARED && differing / compared >= NOISE_SHARE;
}

/** Splits differences into the real ones and those the model knows as noise. */
export function classify(differences: Difference[], model: NoiseModel): { real: Difference[]; noise: Difference[] } {
  const real: Difference[] = [];
  const noise: Difference[] = [];
  for (const difference of differences) (isNoise(model, difference.path) ? noise : real).push(difference);
  return { real, noise };
}
