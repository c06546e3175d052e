import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { MANIFEST_PATH } from '../manifest.ts';
import { SPARE_RPS_VARIABLE } from './capacity.ts';
import { DEFAULT_GATES, GATE_NAMES, type GateName } from './gates.ts';
import type { RolloutSettings } from './step.ts';

export const USAGE = `usage: npm run rollout -- <route-id> [--check] [--auto [--soak 30s] [--max-hold 30m]]
  [--window 15m] [--min-requests ${DEFAULT_GATES.minRequests}] [--min-time ${DEFAULT_GATES.minSeconds / 60}m] [--dry-run-gate parity|errors|latency]...
  [--on-fail rollback|pause] [--notify-webhook <url>] [--notify-topic <topic>] [--git-push <remote>]
  [--monolith-spare-rps <req/s>] [--manifest infra/routes.json]`;

/** A command line's settings: the route, what to do, and the rollout settings. */
export interface RolloutCommand {
  routeId: string;
  check: boolean;
  auto: { soakSeconds: number; maxHoldSeconds: number } | null;
  settings: RolloutSettings;
  /** Where holds, fails and rollbacks are announced (flags, else CANOPY_NOTIFY_WEBHOOK / CANOPY_NOTIFY_TOPIC). */
  notify: { webhook?: string; topic?: string };
  /** Commit each manifest change in a fresh clone of this remote and push it (CANOPY_GIT_REMOTE), instead of printing the commit. */
  gitRemote?: string;
}

/** Seconds from "30s", "5m", "1h" or a bare number of seconds; throws one line naming the flag. */
export function parseDuration(text: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)(s|m|h)?$/.exec(text.trim());
  if (!match) throw new Error(`--${flag} ${text}: give a duration such as 30s, 5m or 1h`);
  return Number(match[1]) * { s: 1, m: 60, h: 3600 }[(match[2] ?? 's') as 's' | 'm' | 'h'];
}

function positiveNumber(text: string | undefined, what: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!(value >= 0) || text.trim() === '') throw new Error(`${what} ${text}: give a number of at least 0`);
  return value;
}

/** Parses the command line (and CANOPY_MONOLITH_SPARE_RPS); throws one line with the usage on a mistake. */
export function parseRolloutArgs(args: string[], env: NodeJS.ProcessEnv = process.env): RolloutCommand {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      check: { type: 'boolean', default: false },
      auto: { type: 'boolean', default: false },
      soak: { type: 'string', default: '30s' },
      'max-hold': { type: 'string', default: '30m' },
      window: { type: 'string', default: '15m' },
      'min-requests': { type: 'string' },
      'monolith-spare-rps': { type: 'string' },
      manifest: { type: 'string', default: MANIFEST_PATH },
      'min-time': { type: 'string', default: `${DEFAULT_GATES.minSeconds}s` },
      'dry-run-gate': { type: 'string', multiple: true, default: [] },
      'on-fail': { type: 'string', default: 'rollback' },
      'notify-webhook': { type: 'string' },
      'notify-topic': { type: 'string' },
      'git-push': { type: 'string' },
    },
  });
  if (positionals.length !== 1) throw new Error(USAGE);
  const minRequests = positiveNumber(values['min-requests'], '--min-requests') ?? DEFAULT_GATES.minRequests;
  const dryRun = values['dry-run-gate'].map((gate) => {
    if (!GATE_NAMES.includes(gate as GateName)) throw new Error(`--dry-run-gate ${gate}: give one of ${GATE_NAMES.join(', ')}`);
    return gate as GateName;
  });
  const onFail = values['on-fail'];
  if (onFail !== 'rollback' && onFail !== 'pause') throw new Error(`--on-fail ${onFail}: give rollback or pause`);
  return {
    routeId: positionals[0]!,
    check: values.check,
    auto: values.auto ? { soakSeconds: parseDuration(values.soak, 'soak'), maxHoldSeconds: parseDuration(values['max-hold'], 'max-hold') } : null,
    settings: {
      manifestPath: resolve(values.manifest),
      windowSeconds: parseDuration(values.window, 'window'),
      gates: { ...DEFAULT_GATES, minRequests: Math.max(1, Math.round(minRequests)), minSeconds: parseDuration(values['min-time'], 'min-time'), dryRun },
      spareRps: positiveNumber(values['monolith-spare-rps'], '--monolith-spare-rps') ?? positiveNumber(env[SPARE_RPS_VARIABLE], SPARE_RPS_VARIABLE),
      onFail,
    },
    notify: { webhook: values['notify-webhook'] ?? env.CANOPY_NOTIFY_WEBHOOK, topic: values['notify-topic'] ?? env.CANOPY_NOTIFY_TOPIC },
    gitRemote: values['git-push'] ?? env.CANOPY_GIT_REMOTE,
  };
}
