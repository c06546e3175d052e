import type postgres from 'postgres';
import { duration, formatDecision, formatEvaluation } from './print.ts';
import { noticeFor, type Notice } from './notify.ts';
import { apply, commitMessage, decide, evaluate, type Decision, type Evaluation, type RolloutSettings } from './step.ts';

export interface AutoOptions {
  /** Time each step must have been in effect before it is judged for the next. */
  soakSeconds: number;
  /** How long gates may hold before the rollout stops. */
  maxHoldSeconds: number;
  /** How often a holding or soaking route is looked at again. */
  pollSeconds: number;
  /** Stops the loop between evaluations (Ctrl-C). */
  signal?: AbortSignal;
  print: (line: string) => void;
  /** Announces holds, fails and rollbacks (each distinct one once). */
  notify: (notice: Notice | null) => Promise<void>;
  /** Carries a manifest change on: prints the commit to make, or commits and pushes it; returns the line to print. */
  publish: (suggested: string, message: string) => string;
  /** Brings the manifest up to date before each look (a clone pulls). */
  refresh?: () => void;
}

/** How an automatic rollout ended. */
export type AutoResult = 'live' | 'rolled-back' | 'paused' | 'held' | 'refused' | 'stopped';

const sleep = (seconds: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, seconds * 1000);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/**
 * `--auto`: steps a route up the ladder by itself, each step soaking for
 * `soakSeconds` (counted from the later of the step and the route's last
 * mode change) before its gates may advance it. A fail rolls back at once;
 * a hold keeps waiting up to `maxHoldSeconds`, then stops.
 */
export async function autoRollout(sql: postgres.Sql, settings: RolloutSettings, routeId: string, options: AutoOptions): Promise<AutoResult> {
  let steppedAt = -Infinity;
  let holdingSince: number | null = null;
  let lastShown = '';
  const carryOut = async (evaluation: Evaluation, decision: Decision) => {
    const suggested = await apply(sql, settings, evaluation, decision);
    options.print(`  ${options.publish(suggested!, commitMessage(evaluation, decision)!)}`);
  };
  while (!options.signal?.aborted) {
    options.refresh?.();
    const evaluation = await evaluate(sql, settings, routeId);
    const decision = decide(evaluation, settings);
    const soaked = Math.min(evaluation.window.seconds, (Date.now() - steppedAt) / 1000);
    const soaking = decision.action === 'advance' && evaluation.position.stage !== 'off' && soaked < options.soakSeconds;
    const last = soaking ? `soaking: ${duration(options.soakSeconds - soaked)} more before the next step` : formatDecision(evaluation, decision);
    // Print what changed, not every poll of an unchanged hold.
    const shown = [...formatEvaluation(evaluation), last].join('\n');
    const masked = shown.replace(/\d+(\.\d+)?/g, '#');
    if (masked !== lastShown) {
      options.print(shown);
      await options.notify(noticeFor(evaluation, decision));
    }
    lastShown = masked;
    if (decision.action === 'none') return 'live';
    if (decision.action === 'refuse') return 'refused';
    if (decision.action === 'pause') return 'paused';
    if (decision.action === 'rollback') {
      await carryOut(evaluation, decision);
      return 'rolled-back';
    }
    if (decision.action === 'hold') {
      holdingSince ??= Date.now();
      const held = (Date.now() - holdingSince) / 1000;
      if (held >= options.maxHoldSeconds) {
        options.print(`stopped: ${routeId} held for ${duration(held)} (--max-hold ${duration(options.maxHoldSeconds)}) at the gates above; not advanced`);
        return 'held';
      }
      await sleep(options.pollSeconds, options.signal);
      continue;
    }
    holdingSince = null;
    if (soaking) {
      await sleep(Math.min(options.pollSeconds, options.soakSeconds - soaked), options.signal);
      continue;
    }
    await carryOut(evaluation, decision);
    steppedAt = Date.now();
  }
  return 'stopped';
}
