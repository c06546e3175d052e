/**
 * The commands a build step would send to Google (gcloud, docker, the Cloud
 * SQL Auth Proxy, terraform init/apply/plan, curl to a Cloud Run URL), and
 * npm's database and install commands, replaced by stand-ins on PATH that
 * record each call (tool, arguments, folder, step) as one JSON line and answer
 * from the state the dry run keeps (services, registry). Everything else runs
 * for real: the repository's scripts, `npm run build`, bundle hashing,
 * terraform fmt and console.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const RECORD = `python3 -c 'import json, os, sys; print(json.dumps({"tool": sys.argv[1], "args": sys.argv[2:], "cwd": os.getcwd(), "step": os.environ["DRY_RUN_STEP"]}))' "$(basename "$0")" "$@" >> "$DRY_RUN_LOG"`;

const which = (tool: string) => execFileSync('bash', ['-c', `command -v ${tool} || true`], { encoding: 'utf8' }).trim();

function standIns(): Record<string, string> {
  const terraform = which('terraform');
  const npm = which('npm');
  return {
    gcloud: `case "$1 $2 $3" in
  "storage cp gs:"*) cp "$DRY_RUN_TFVARS" "\${@: -1}" ;;
  "run services describe")
    if [ -f "$DRY_RUN_STATE/services/$4.json" ]; then cat "$DRY_RUN_STATE/services/$4.json"
    else echo "ERROR: (gcloud.run.services.describe) Cannot find service [$4]" >&2; exit 1; fi ;;
  "auth print-identity-token "*) echo dry-run-identity-token ;;
esac`,
    // The registry holds what earlier steps pushed; the first build starts from an empty one.
    docker: `case "$1 $2" in
  "manifest inspect") grep -qxF "$3" "$DRY_RUN_STATE/registry" ;;
  "pull "*) grep -qxF "$2" "$DRY_RUN_STATE/registry" ;;
esac`,
    terraform: `case "$1" in
  fmt|console|version) exec ${terraform || 'false'} "$@" ;;
esac`,
    // Serves the socket the way the proxy does (cloud-sql.sh waits for it), then waits to be stopped.
    'cloud-sql-proxy': `exec python3 -c '
import os, signal, socket, sys
folder = os.path.join(sys.argv[2], sys.argv[3])
os.makedirs(folder, exist_ok=True)
server = socket.socket(socket.AF_UNIX)
server.bind(os.path.join(folder, ".s.PGSQL.5432"))
server.listen()
signal.pause()' "$@"`,
    curl: 'echo -n 200',
    // The install and the database commands are recorded; the rest (npm run build) runs.
    npm: `case "$1 $2" in
  "ci "|"run db:migrate"|"run modes") ;;
  *) exec ${npm} "$@" ;;
esac`,
  };
}

/** Writes the stand-ins into <dir>; put it first on PATH. */
export function writeStandIns(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const [tool, body] of Object.entries(standIns())) {
    writeFileSync(join(dir, tool), `#!/usr/bin/env bash\n${RECORD}\n${body}\n`);
    chmodSync(join(dir, tool), 0o755);
  }
}
