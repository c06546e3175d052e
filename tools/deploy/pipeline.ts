/**
 * Reads cloudbuild.yaml as Cloud Build does: its steps and each step's
 * dependencies (waitFor: none means every step before it, '-' means none).
 * The dry run judges "X must happen before Y" by ancestry in this graph
 * (what Cloud Build guarantees), not by the order the steps ran in on this
 * machine; each step's level is when Cloud Build could start it at the earliest.
 */
import { parse } from 'yaml';

export interface PipelineStep {
  id: string;
  /** The builder image, substitutions filled. */
  name: string;
  script: string;
  secretEnv: string[];
  /** The steps it waits for, as written (Cloud Build's default when none are: every step before it). */
  waitFor: string[];
  /** Every step this one surely runs after (transitively). */
  ancestors: Set<string>;
  /** 0 for the steps that start at once; one more than its latest dependency otherwise. */
  level: number;
}

export class PipelineError extends Error {}

interface RawStep {
  id?: unknown;
  name?: unknown;
  script?: unknown;
  waitFor?: unknown;
  secretEnv?: unknown;
}

/** $NAME and ${NAME} filled from the substitutions; an unknown one is an error naming the step. */
export function substitute(text: string, values: Record<string, string>, where: string): string {
  return text.replace(/\$\{?([A-Z_][A-Z0-9_]*)\}?/g, (whole, name: string) => {
    if (name in values) return values[name]!;
    throw new PipelineError(`${where}: substitution $${name} has no value (the trigger passes ${Object.keys(values).join(', ')})`);
  });
}

/** Steps in file order with their ancestry and level; a waitFor on a later or unknown step is refused, as Cloud Build refuses it. */
export function readPipeline(text: string, substitutions: Record<string, string>): PipelineStep[] {
  const doc = parse(text) as { steps?: RawStep[] } | null;
  if (!doc?.steps?.length) throw new PipelineError('cloudbuild.yaml has no steps');
  const steps: PipelineStep[] = [];
  const byId = new Map<string, PipelineStep>();
  for (const [index, raw] of doc.steps.entries()) {
    const id = typeof raw.id === 'string' ? raw.id : `#${index}`;
    if (byId.has(id)) throw new PipelineError(`${id}: a second step has this id`);
    if (typeof raw.name !== 'string' || typeof raw.script !== 'string') throw new PipelineError(`${id}: a step needs a name (builder image) and a script`);
    const waitFor = raw.waitFor === undefined ? null : (raw.waitFor as string[]);
    // No waitFor: after every step before it. ['-']: at the start of the build.
    const deps = waitFor === null ? steps.map((s) => s.id) : waitFor.filter((d) => d !== '-');
    const ancestors = new Set<string>();
    let level = 0;
    for (const dep of deps) {
      const before = byId.get(dep);
      if (!before) throw new PipelineError(`${id}: waitFor names "${dep}", which is not a step before it`);
      ancestors.add(dep);
      for (const a of before.ancestors) ancestors.add(a);
      level = Math.max(level, before.level + 1);
    }
    const secretEnv = Array.isArray(raw.secretEnv) ? (raw.secretEnv as string[]) : [];
    const step = { id, name: substitute(raw.name, substitutions, id), script: raw.script, secretEnv, waitFor: deps, ancestors, level };
    steps.push(step);
    byId.set(id, step);
  }
  return steps;
}
