import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Who a rollout's commits are by, unless the environment's GIT_AUTHOR_* say otherwise. */
const IDENTITY = ['-c', 'user.name=canopy-rollout', '-c', 'user.email=canopy-rollout@noreply.invalid'];

/**
 * A fresh clone of the branch the build deploys from: in production a
 * rollout step is a commit pushed to it (the build applies the URL map, then
 * modes sync), made where the rollout runs, never in someone's work tree.
 */
export interface ManifestClone {
  manifestPath: string;
  /** Makes the clone the remote branch's newest state again (another step or a person may have pushed). */
  refresh(): void;
  /** Commits the manifest and pushes; a push that lost a race is rebased once and pushed again. Returns the commit. */
  publish(message: string): string;
  remove(): void;
}

export function cloneManifest(remote: string, branch = 'main'): ManifestClone {
  const dir = mkdtempSync(join(tmpdir(), 'canopy-rollout-'));
  const git = (...args: string[]) => execFileSync('git', [...IDENTITY, '-C', dir, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  try {
    execFileSync('git', ['clone', '--quiet', '--depth', '20', '--branch', branch, remote, dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    // The remote may carry a token (https://x-access-token:<token>@github.com/...): never print it.
    const hide = (text: string) => text.replace(/\/\/[^/@\s]*@/g, '//***@');
    throw new Error(hide(`cannot clone ${branch} of ${remote}: ${String((error as { stderr?: Buffer }).stderr ?? error).trim()}`));
  }
  const manifestPath = join(dir, 'infra', 'routes.json');
  return {
    manifestPath,
    refresh() {
      git('fetch', '--quiet', 'origin', branch);
      git('reset', '--quiet', '--hard', `origin/${branch}`);
    },
    publish(message) {
      git('commit', '--quiet', '-m', message, '--', 'infra/routes.json');
      try {
        git('push', '--quiet', 'origin', `HEAD:${branch}`);
      } catch {
        git('pull', '--quiet', '--rebase', 'origin', branch);
        git('push', '--quiet', 'origin', `HEAD:${branch}`);
      }
      return git('rev-parse', 'HEAD');
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
