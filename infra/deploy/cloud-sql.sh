#!/usr/bin/env bash
# Runs a command with the Cloud SQL Auth Proxy serving the database's socket
# where Cloud Run mounts it for the functions (/cloudsql/<connection name>),
# so DATABASE_URL's socket form works in a build step, which has no such
# mount. The proxy authenticates as the build's service account
# (roles/cloudsql.client, infra/modules/build-trigger) and reaches the
# instance as Cloud Run's mount does. Runs in the image built from
# .ci/Dockerfile; the trigger passes _CLOUD_SQL_INSTANCE.
# Usage: bash infra/deploy/cloud-sql.sh npm run db:migrate
set -euo pipefail
instance=${_CLOUD_SQL_INSTANCE:?the trigger passes _CLOUD_SQL_INSTANCE, the Cloud SQL connection name}
# Only tests move the socket folder.
dir=${CLOUD_SQL_SOCKET_DIR:-/cloudsql}
socket="$dir/$instance/.s.PGSQL.5432"

mkdir -p "$dir"
cloud-sql-proxy --unix-socket "$dir" "$instance" &
proxy=$!
trap 'kill "$proxy" 2>/dev/null || true; wait "$proxy" 2>/dev/null || true' EXIT

# The proxy makes the socket once the Cloud SQL Admin API has described the
# instance: that proves the connection name and the account's role.
for _ in $(seq 120); do
  [ -S "$socket" ] && break
  if ! kill -0 "$proxy" 2>/dev/null; then
    echo "cloud-sql: the Cloud SQL Auth Proxy stopped before serving $instance (its log is above)" >&2
    exit 1
  fi
  sleep 0.5
done
if [ ! -S "$socket" ]; then
  echo "cloud-sql: no socket for $instance after 60 s: check _CLOUD_SQL_INSTANCE and the build account's roles/cloudsql.client" >&2
  exit 1
fi
"$@"
