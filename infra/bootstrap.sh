#!/usr/bin/env bash
# The first apply on a new project, in phases, each an idempotent terraform
# apply (run it again after fixing what stopped it):
#   1. the APIs (services.tf);
#   2. the secrets (no values) and the log-based metrics, so Monitoring knows
#      the metrics well before the alert policies that read them;
#   3. stops, naming each secret that has no version yet: a Cloud Run
#      revision that reads `latest` of a secret with no version fails;
#   4. everything else.
# Usage (after terraform init): bash infra/bootstrap.sh -var-file=production.tfvars [-auto-approve]
set -euo pipefail
cd "$(dirname "$0")"

terraform apply -input=false "$@" -target=google_project_service.this
terraform apply -input=false "$@" -target=module.secrets \
  -target=module.monitoring.google_logging_metric.count -target=module.monitoring.google_logging_metric.latency

missing=()
for id in $(terraform output -json secret_ids | python3 -c 'import json, sys; print("\n".join(json.load(sys.stdin)))'); do
  if [ -z "$(gcloud secrets versions list "$id" --filter=state:ENABLED --limit=1 --format='value(name)')" ]; then
    missing+=("$id")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: add a value to each secret below, then run this again:" >&2
  for id in "${missing[@]}"; do
    echo "  printf %s \"\$VALUE\" | gcloud secrets versions add $id --data-file=-" >&2
  done
  exit 1
fi

terraform apply -input=false "$@"
