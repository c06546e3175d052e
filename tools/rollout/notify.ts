import { PubSub } from '@google-cloud/pubsub';
import { describePosition } from './ladder.ts';
import type { Decision, Evaluation } from './step.ts';

/** What a rollout announces: every hold, every failed gate (paused or rolled back). */
export interface Notice {
  route: string;
  /** hold: inconclusive or waiting; fail: a gate failed and the rollout paused; rollback: a gate failed and the route went back to off. */
  event: 'hold' | 'fail' | 'rollback';
  position: string;
  reason: string;
  gates: Array<{ gate: string; verdict: string; why?: string; dryRun?: true; detail: string }>;
  at: string;
}

export type Send = (notice: Notice) => Promise<void>;

/** The notice for a decision, or null when it announces nothing (an advance, or nothing to do). */
export function noticeFor(evaluation: Evaluation, decision: Decision): Notice | null {
  const event = decision.action === 'hold' ? 'hold' : decision.action === 'pause' ? 'fail' : decision.action === 'rollback' ? 'rollback' : null;
  if (!event) return null;
  return {
    route: evaluation.route.id,
    event,
    position: describePosition(evaluation.position),
    reason: decision.reason,
    gates: evaluation.gates.map(({ gate, verdict, why, dryRun, detail }) => ({ gate, verdict, ...(why && { why }), ...(dryRun && { dryRun }), detail })),
    at: new Date().toISOString(),
  };
}

/** One readable message: the verdict and its reason first, then each gate. */
export function noticeText(notice: Notice): string {
  const head = { hold: 'held', fail: 'FAILED, paused', rollback: 'FAILED, rolled back to off' }[notice.event];
  const gates = notice.gates.map((g) => `• ${g.gate}: ${g.verdict}${g.why ? ` (${g.why})` : ''}${g.dryRun ? ' [dry run]' : ''}: ${g.detail}`);
  return [`canopy rollout ${notice.route} at ${notice.position}: ${head}: ${notice.reason}`, ...gates].join('\n');
}

/**
 * Posts `{"text": ...}`, the body both Slack and Google Chat incoming webhooks
 * take (Chat wants the JSON content type with its charset).
 */
export function webhookSender(url: string): Send {
  return async (notice) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=UTF-8' },
      body: JSON.stringify({ text: noticeText(notice) }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`webhook answered ${res.status}`);
  };
}

/** Publishes the notice as JSON, with route and event as attributes for subscription filters. */
export function topicSender(pubsub: PubSub, topic: string): Send {
  const publisher = pubsub.topic(topic);
  return async (notice) => {
    await publisher.publishMessage({ json: notice, attributes: { route: notice.route, event: notice.event } });
  };
}

/** Every configured channel; a channel that fails is reported in one line and never stops the rollout. */
export function notifier(options: { webhook?: string; topic?: string }, warn: (line: string) => void): { send(notice: Notice | null): Promise<void>; close(): Promise<void> } {
  const pubsub = options.topic ? new PubSub() : null;
  const channels: Array<[string, Send]> = [];
  if (options.webhook) channels.push(['webhook', webhookSender(options.webhook)]);
  if (pubsub && options.topic) channels.push([`topic ${options.topic}`, topicSender(pubsub, options.topic)]);
  return {
    async send(notice) {
      if (!notice) return;
      await Promise.all(channels.map(([name, send]) => send(notice).catch((error: Error) => warn(`notification to the ${name} failed: ${error.message}`))));
    },
    close: async () => void (await pubsub?.close()),
  };
}
