import { relative } from 'node:path';
import type postgres from 'postgres';
import { shellQuote } from '../../shared/parity/curl.ts';
import { defaultMode } from '../../shared/routing.ts';
import { loadManifest, ManifestError, type Route } from '../manifest.ts';
import { setMode } from '../modes.ts';
import { capacityRefusal } from './capacity.ts';
import { judge, overall, type GateResult, type GateSettings, type Verdict } from './gates.ts';
import { describePosition, nextStep, ROLLBACK, type Position } from './ladder.ts';
import { writePosition } from './manifest-file.ts';
import { readWindow, type RouteWindow } from './window.ts';

export interface RolloutSettings {
  /** The routes manifest to read and edit (infra/routes.json; tests pass a copy). */
  manifestPath: string;
  /** The longest window judged, in seconds; it starts no earlier than the route's last mode change. */
  windowSeconds: number;
  gates: GateSettings;
  /** Requests per second the monolith can absorb on top of its load (the capacity rule); undefined when unknown. */
  spareRps: number | undefined;
  /** What a failed gate does: roll the route back (kill switch, then off), or pause it where it stands for a person to decide. */
  onFail: 'rollback' | 'pause';
}

/** A route's state and its gates on the current window. */
export interface Evaluation {
  route: Route;
  position: Position;
  window: RouteWindow;
  gates: GateResult[];
  verdict: Verdict;
}

/** What a rollout call does with a route. */
export type Decision =
  | { action: 'advance'; to: Position; reason: string }
  | { action: 'rollback'; to: Position; reason: string }
  | { action: 'pause'; reason: string }
  | { action: 'hold'; reason: string }
  | { action: 'refuse'; reason: string }
  | { action: 'none'; reason: string };

/** Reads the route and judges its window; the gates are left empty when the route's mode says the window means nothing yet. */
export async function evaluate(sql: postgres.Sql, settings: RolloutSettings, routeId: string): Promise<Evaluation> {
  const manifest = loadManifest(settings.manifestPath);
  const route = manifest.routes.find((r) => r.id === routeId);
  if (!route) throw new ManifestError(`no route "${routeId}" in ${settings.manifestPath} (routes: ${manifest.routes.map((r) => r.id).join(', ')})`);
  return evaluateRoute(sql, route, settings);
}

/** Judges one route's window as a rollout call does (the dashboard shows the same verdicts). */
export async function evaluateRoute(sql: postgres.Sql, route: Route, settings: Pick<RolloutSettings, 'windowSeconds' | 'gates'>): Promise<Evaluation> {
  const window = await readWindow(sql, route, settings.windowSeconds);
  const gates = route.stage === 'off' || modeBlocker(route, window) ? [] : judge(route.stage, window, settings.gates);
  return { route, position: { stage: route.stage, weight: route.weight }, window, gates, verdict: overall(gates) };
}

/** Why the stored mode keeps the route from being judged: the kill switch, or a step not yet in effect. */
function modeBlocker(route: Route, window: RouteWindow): Decision | null {
  const stored = window.mode;
  if (!stored || route.stage === 'off' || stored.mode === defaultMode(route.stage)) return null;
  if (stored.mode === 'bypass') {
    return { action: 'refuse', reason: `${route.id} is under the kill switch (${stored.reason}): undo it first (npm run modes -- set ${route.id} ${defaultMode(route.stage)}, or the dashboard)` };
  }
  return {
    action: 'hold',
    reason: `${route.id} runs in mode ${stored.mode} but stage ${route.stage} means ${defaultMode(route.stage)}: the last step has not taken effect yet (the local stack applies it by itself; after Terraform has applied the manifest: npm run modes -- sync)`,
  };
}

/** Decides the call's action from the evaluation: the gates first, then the capacity rule. */
export function decide(evaluation: Evaluation, settings: RolloutSettings): Decision {
  const { route, position, window, gates, verdict } = evaluation;
  const blocker = modeBlocker(route, window);
  if (blocker) return blocker;
  const next = nextStep(position);
  if (route.stage === 'off') return { action: 'advance', to: next!, reason: 'nothing to judge before shadow: the function answers no client there' };
  const acting = gates.filter((g) => !g.dryRun);
  const failed = acting.filter((g) => g.verdict === 'fail');
  if (verdict === 'fail') {
    const reason = failed.map((g) => `${g.gate}: ${g.detail}`).join('; ');
    return settings.onFail === 'pause' ? { action: 'pause', reason } : { action: 'rollback', to: ROLLBACK, reason };
  }
  // Live is the top: nothing to wait for; at 100 % the monolith serves too little of the route to compare with.
  if (!next) return { action: 'none', reason: `${route.id} is live${verdict === 'pass' ? ' and its gates pass' : ': nothing to advance, and no gate fails'}` };
  const held = acting.filter((g) => g.verdict === 'inconclusive');
  if (verdict === 'inconclusive') return { action: 'hold', reason: held.map((g) => `${g.gate}: inconclusive, ${g.why}: ${g.detail}`).join('; ') };
  const routeRps = window.requests / Math.max(window.seconds, 1);
  const refusal = capacityRefusal(route.id, routeRps, next, settings.spareRps);
  if (refusal) return { action: 'refuse', reason: refusal };
  return { action: 'advance', to: next, reason: 'every gate passes' };
}

/** The git command a rollout suggests for its change to the manifest; the tool never commits. */
export function suggestedCommit(manifestPath: string, message: string): string {
  const path = relative(process.cwd(), manifestPath);
  return `git commit -m ${shellQuote(message)} -- ${shellQuote(path.startsWith('..') ? manifestPath : path)}`;
}

/** The commit message for the manifest change a decision makes; null when it changes nothing. */
export function commitMessage(evaluation: Evaluation, decision: Decision): string | null {
  const { route, position } = evaluation;
  if (decision.action === 'rollback') {
    return `rollback: ${route.id} ${describePosition(position)} -> off (${evaluation.gates.filter((g) => g.verdict === 'fail' && !g.dryRun).map((g) => g.gate).join(', ')} failed)`;
  }
  return decision.action === 'advance' ? `rollout: ${route.id} ${describePosition(position)} -> ${describePosition(decision.to)}` : null;
}

/**
 * Carries a decision out. A rollback flips the kill switch first (every
 * function instance bypasses within seconds), then moves the manifest to
 * off. Advancing from off stores the shadow mode before the manifest sends
 * the function anything; later steps change only the manifest, and the
 * stage's mode follows when the manifest is applied (modes sync). A pause
 * or a hold changes nothing. Returns the git command for the change.
 */
export async function apply(sql: postgres.Sql, settings: RolloutSettings, evaluation: Evaluation, decision: Decision): Promise<string | null> {
  const { route, position } = evaluation;
  const message = commitMessage(evaluation, decision);
  if (!message || (decision.action !== 'rollback' && decision.action !== 'advance')) return null;
  if (decision.action === 'rollback') {
    await setMode(sql, route.id, 'bypass', `kill switch: rollout failed at ${describePosition(position)}: ${decision.reason}`.slice(0, 500));
  } else if (position.stage === 'off') {
    await setMode(sql, route.id, 'shadow', 'rollout: shadow');
  }
  writePosition(settings.manifestPath, route.id, decision.to);
  return suggestedCommit(settings.manifestPath, message);
}
