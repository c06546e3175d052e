#!/usr/bin/env bash
# Runs a command with the Cloud SQL instance's socket at
# /cloudsql/$_CLOUD_SQL_INSTANCE/.s.PGSQL.5432, where Cloud Run mounts it, so
# Cloud Build's db:migrate and modes steps use the same DATABASE_URL secret as
# the functions. The Cloud SQL Auth Proxy serves the socket over the private
# pool's VPC (--private-ip) as the build's service account (roles/cloudsql.client).
# Usage: bash infra/deploy/with-cloud-sql.sh npm run db:migrate
set -euo pipefail
: "${_CLOUD_SQL_INSTANCE:?the trigger substitution _CLOUD_SQL_INSTANCE (project:region:instance) is not set}"
version=v2.18.3
proxy=/workspace/.cloud-sql-proxy
socket="/cloudsql/$_CLOUD_SQL_INSTANCE/.s.PGSQL.5432"

if [ ! -x "$proxy" ]; then
  curl -fsSL -o "$proxy" "https://storage.googleapis.com/cloud-sql-connectors/cloud-sql-proxy/$version/cloud-sql-proxy.linux.amd64"
  chmod +x "$proxy"
fi
mkdir -p /cloudsql
"$proxy" --private-ip --unix-socket /cloudsql "$_CLOUD_SQL_INSTANCE" &
proxy_pid=$!
trap 'kill "$proxy_pid" 2>/dev/null || true' EXIT

for _ in $(seq 1 60); do
  [ -S "$socket" ] && break
  kill -0 "$proxy_pid" 2>/dev/null || { echo "the Cloud SQL Auth Proxy exited before serving $socket" >&2; exit 1; }
  sleep 0.5
done
[ -S "$socket" ] || { echo "the Cloud SQL Auth Proxy did not serve $socket within 30 s" >&2; exit 1; }
"$@"
