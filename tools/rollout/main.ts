/**
 * `npm run rollout -- <route-id>`: judges the route's gates on its window and
 * takes one step up shadow -> canary 1 % -> 5 % -> 25 % -> live when they
 * pass, holds when they are inconclusive, and on a failed gate rolls back
 * (kill switch, then off in the manifest) or, with --on-fail pause, stops
 * where it is. `--auto` keeps stepping with a soak time per step; `--check`
 * only shows what a call would do. A step is an edit of the routes manifest:
 * the tool prints the git commit, or with --git-push commits it in a fresh
 * clone and pushes it (production: README "Rollouts in production").
 */
import { fileURLToPath } from 'node:url';
import { defaultMode } from '../../shared/routing.ts';
import { ManifestError } from '../manifest.ts';
import { autoRollout } from './auto.ts';
import { cloneManifest } from './git-publish.ts';
import { noticeFor, notifier } from './notify.ts';
import { parseRolloutArgs } from './options.ts';
import { formatDecision, formatEvaluation } from './print.ts';
import { databaseUrl, openDatabase } from './stack-file.ts';
import { apply, commitMessage, decide, evaluate } from './step.ts';

/** Exit codes: 0 advanced or nothing to do, 1 rolled back, paused on a fail, or a mistake, 2 held or refused. */
async function main(args: string[]): Promise<number> {
  const command = parseRolloutArgs(args);
  const clone = command.gitRemote ? cloneManifest(command.gitRemote) : null;
  const settings = clone ? { ...command.settings, manifestPath: clone.manifestPath } : command.settings;
  const notices = notifier(command.notify, (line) => console.error(`canopy rollout: ${line}`));
  const publish = (suggested: string, message: string) => (clone ? `pushed ${clone.publish(message)}: ${message}` : `commit it: ${suggested}`);
  const sql = await openDatabase(databaseUrl());
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort());
  try {
    if (command.auto) {
      const options = { ...command.auto, pollSeconds: 5, signal: abort.signal, print: console.log, notify: notices.send, publish, refresh: clone?.refresh };
      const result = await autoRollout(sql, settings, command.routeId, options);
      return { live: 0, stopped: 0, 'rolled-back': 1, paused: 1, held: 2, refused: 2 }[result];
    }
    const evaluation = await evaluate(sql, settings, command.routeId);
    const decision = decide(evaluation, settings);
    for (const line of formatEvaluation(evaluation)) console.log(line);
    console.log(`${command.check ? '(check only) ' : ''}${formatDecision(evaluation, decision)}`);
    if (command.check) return 0;
    await notices.send(noticeFor(evaluation, decision));
    if (decision.action === 'advance' && evaluation.window.mode?.reason.startsWith('kill switch')) console.log(`  clears the kill switch (${evaluation.window.mode.reason})`);
    const suggested = await apply(sql, settings, evaluation, decision);
    if (suggested) console.log(`  wrote ${settings.manifestPath}\n  ${publish(suggested, commitMessage(evaluation, decision)!)}`);
    if (decision.action === 'advance' && evaluation.position.stage !== 'off' && defaultMode(decision.to.stage) !== defaultMode(evaluation.position.stage)) {
      console.log(`  its mode becomes ${defaultMode(decision.to.stage)} once the manifest is applied: the local stack does that itself; after terraform apply, run npm run modes -- sync`);
    }
    return { advance: 0, none: 0, rollback: 1, pause: 1, hold: 2, refuse: 2 }[decision.action];
  } finally {
    await sql.end({ timeout: 1 });
    await notices.close();
    clone?.remove();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: Error) => {
      console.error(`canopy rollout: ${error instanceof ManifestError ? `bad routes manifest: ${error.message}` : error.message}`);
      process.exit(1);
    },
  );
}
