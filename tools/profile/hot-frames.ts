/**
 * The hottest frames of a V8 CPU profile (.cpuprofile, as `node --cpu-prof`
 * writes it): self time per function and file, summed over every node of
 * the call tree that is that function. Frames of a bundle with a source map
 * are named by their original file and line (functions/users/views.ts:24).
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The parts of the .cpuprofile format this reads. */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; children?: number[] }>;
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface HotFrame {
  /** The function's name ('(anonymous)' when it has none; V8's own nodes are '(garbage collector)', '(program)', '(idle)'). */
  name: string;
  /** Its file relative to `root` with the line it starts on, a package ('postgres'), 'node:internal/…', '(native)', or '' for V8's own nodes. */
  location: string;
  selfMs: number;
  /** Share of all sampled time, idle included. */
  share: number;
  /** The nearest caller in the project's own code that spent most of this time (a native write: the logger that called it). */
  via: string | null;
}

/** Reads a .cpuprofile, refusing a file that is not one (one line saying what is missing). */
export function readProfile(path: string): CpuProfile {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as Partial<CpuProfile>;
  for (const key of ['nodes', 'samples', 'timeDeltas'] as const) {
    if (!Array.isArray(profile[key])) throw new Error(`${path} is not a V8 CPU profile: it has no ${key}`);
  }
  if (profile.samples!.length !== profile.timeDeltas!.length) throw new Error(`${path} is not a V8 CPU profile: samples and timeDeltas differ in length`);
  return profile as CpuProfile;
}

/** Source maps of the bundles a profile ran, read once each. */
function sourceMaps(): (url: string) => SourceMap | null {
  const maps = new Map<string, SourceMap | null>();
  return (url) => {
    if (!maps.has(url)) {
      const file = url.startsWith('file://') ? fileURLToPath(url) : null;
      const map = file && existsSync(`${file}.map`) ? new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8'))) : null;
      maps.set(url, map);
    }
    return maps.get(url)!;
  };
}

/** Where a frame's code lives, as a reader of this repository looks for it. */
function locate(frame: CpuProfile['nodes'][number]['callFrame'], root: string, mapFor: (url: string) => SourceMap | null): string {
  const { url, lineNumber, columnNumber } = frame;
  // V8's own nodes are named in parentheses; anything else without a file is native (a binding such as writev).
  if (!url) return frame.functionName.startsWith('(') ? '' : '(native)';
  if (url.startsWith('node:')) return url;
  const map = mapFor(url);
  const entry = map?.findEntry(lineNumber, columnNumber) as { originalSource?: string; originalLine?: number } | undefined;
  if (entry?.originalSource) {
    const bundle = fileURLToPath(url);
    const source = entry.originalSource.startsWith('file://') ? fileURLToPath(entry.originalSource) : resolve(dirname(bundle), entry.originalSource);
    return tidy(relative(root, source), entry.originalLine! + 1);
  }
  return url.startsWith('file://') ? tidy(relative(root, fileURLToPath(url)), lineNumber + 1) : url;
}

// A package's files are named by the package: which of its functions is hot matters, not its path.
function tidy(path: string, line: number): string {
  const inPackage = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path);
  return inPackage ? inPackage[1]! : `${path}:${line}`;
}

/** Self time per function and file, hottest first. */
export function hotFrames(profile: CpuProfile, root: string): HotFrame[] {
  const mapFor = sourceMaps();
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  // timeDeltas[i] is the time before sample i: sample i ran until sample i + 1.
  for (let i = 0; i < profile.samples.length - 1; i++) {
    selfUs.set(profile.samples[i]!, (selfUs.get(profile.samples[i]!) ?? 0) + Math.max(0, profile.timeDeltas[i + 1]!));
  }
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0) || 1;
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const describe = (id: number) => {
    const { callFrame } = byNode.get(id)!;
    return { name: callFrame.functionName || '(anonymous)', location: locate(callFrame, root, mapFor) };
  };
  const ownCaller = (id: number): string | null => {
    for (let at = parent.get(id); at !== undefined; at = parent.get(at)) {
      const caller = describe(at);
      if (OWN_CODE.test(caller.location)) return `${caller.name} ${caller.location}`;
    }
    return null;
  };
  const frames = new Map<string, HotFrame & { callers: Map<string, number> }>();
  for (const [id, us] of selfUs) {
    const { name, location } = describe(id);
    const key = `${name}\0${location}`;
    const frame = frames.get(key) ?? { name, location, selfMs: 0, share: 0, via: null, callers: new Map<string, number>() };
    frame.selfMs += us / 1000;
    frame.share = (frame.selfMs * 1000) / total;
    const via = OWN_CODE.test(location) ? null : ownCaller(id);
    if (via) frame.callers.set(via, (frame.callers.get(via) ?? 0) + us);
    frames.set(key, frame);
  }
  return [...frames.values()]
    .map(({ callers, ...frame }) => ({ ...frame, via: [...callers].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null }))
    .sort((a, b) => b.selfMs - a.selfMs);
}

const OWN_CODE = /^(functions|shared)\//;

/** Whether a frame is the project's own code (a function's or shared/). */
export const isOwnCode = (frame: HotFrame) => OWN_CODE.test(frame.location);

/** The summary as printed: the hottest frames overall, then the hottest in the project's own code. */
export function formatHotFrames(frames: HotFrame[], top: number): string {
  const row = (f: HotFrame) =>
    `${f.selfMs.toFixed(1).padStart(9)} ms ${(f.share * 100).toFixed(1).padStart(5)} %  ${f.name}  ${f.location}${f.via ? `  <- ${f.via}` : ''}`.trimEnd();
  const own = frames.filter(isOwnCode);
  return [
    `hottest frames by self time (function, file; <- the nearest caller in functions/ or shared/):`,
    ...frames.slice(0, top).map(row),
    '',
    `hottest in functions/ and shared/:`,
    ...(own.length ? own.slice(0, top).map(row) : ['  (no samples in the project\'s own code)']),
  ].join('\n');
}
