import { diffAnswers } from './diff.ts';
import { addSample, classify, learnNoise, type NoiseModel } from './noise.ts';
import { redactDifferences } from './redact.ts';
import { rulesForRequest } from './rules.ts';
import type { Difference, ObservedAnswer, ObservedRequest, ParityRules } from './types.ts';

export { copyAsCurl } from './curl.ts';
export { diffAnswers } from './diff.ts';
export { addSample, classify, emptyNoiseModel, isNoise, learnNoise, type NoiseModel, type NoiseSample } from './noise.ts';
export { normalisePath } from './paths.ts';
export { isSecretName, redactAnswer, redactDifferences, redactRequest } from './redact.ts';
export { ruleErrors, rulesForRequest } from './rules.ts';
export type * from './types.ts';

/** One shadowed request: the monolith's answer, the function's, and for a sample a second monolith answer to learn noise from. */
export interface ParityInput {
  request: ObservedRequest;
  monolith: ObservedAnswer;
  fn: ObservedAnswer;
  secondMonolith?: ObservedAnswer;
  rules: ParityRules;
  /** The route's noise model so far. */
  noise: NoiseModel;
}

/** The verdict on one shadowed request; differences are redacted, ready to store. */
export interface ParityResult {
  /** No real differences. */
  agreed: boolean;
  real: Difference[];
  noise: Difference[];
  /** Normalised paths that differed between the two monolith answers (empty without a second one). */
  learned: string[];
  /** The route's noise model with this request's sample counted in: store it in place of the old one. */
  model: NoiseModel;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether a request may go to the monolith a second time to learn noise: only safe methods, a write is never applied twice. */
export function maySendTwice(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

/**
 * Compares the function's answer with the monolith's, Diffy's way: when a
 * second monolith answer is given, what differs between the two monolith
 * answers is learned first, then differences the model knows as noise are
 * set apart from real ones.
 */
export function compareWithMonolith({ request, monolith, fn, secondMonolith, rules: routeRules, noise }: ParityInput): ParityResult {
  if (secondMonolith && !maySendTwice(request.method)) {
    throw new Error(`${request.method} ${request.path}: a write must never reach the monolith twice; learn noise from safe methods only`);
  }
  const rules = rulesForRequest(routeRules, request.rawQuery);
  // gunicorn writes the GET body after a HEAD answer; clients discard it, and so does parity.
  const seen = (answer: ObservedAnswer): ObservedAnswer =>
    request.method.toUpperCase() === 'HEAD' ? { ...answer, body: Buffer.alloc(0) } : answer;
  const sample = secondMonolith ? learnNoise(seen(monolith), seen(secondMonolith), rules) : undefined;
  const model = sample ? addSample(noise, sample) : noise;
  const { real, noise: noisy } = classify(diffAnswers(seen(monolith), seen(fn), rules), model);
  return {
    agreed: real.length === 0,
    real: redactDifferences(real),
    noise: redactDifferences(noisy),
    learned: sample?.differing ?? [],
    model,
  };
}
