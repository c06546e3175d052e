#!/usr/bin/env bash
# Deploys one function as a revision tagged sha-<short sha> that takes no
# traffic yet. Skipped, with a marker the smoke and promote steps read, when
# the revision serving all traffic already runs this bundle and is the
# service's latest: a later revision means Terraform changed the service's
# configuration, and that has to go out through a deploy too.
# Runs in gcr.io/google.com/cloudsdktool/cloud-sdk:slim.
set -euo pipefail
name=$1
hash=$(bash infra/deploy/bundle-hash.sh "$name")
image="$_REGION-docker.pkg.dev/$PROJECT_ID/$_REPOSITORY/$name:bundle-$hash"
marker=".canopy/deploy/$name.unchanged"
mkdir -p "$(dirname "$marker")"
rm -f "$marker"

if ! service=$(gcloud run services describe "$name" --region="$_REGION" --format=json); then
  echo "$name: no Cloud Run service yet; the services step (terraform apply -target=module.function) creates it" >&2
  exit 1
fi
serving_bundle=$(python3 -c '
import json, sys
service = json.load(sys.stdin)
status = service.get("status", {})
serving = [t.get("revisionName") for t in status.get("traffic", []) if t.get("percent") == 100]
labels = service.get("spec", {}).get("template", {}).get("metadata", {}).get("labels", {})
print(labels.get("canopy-bundle", "") if serving == [status.get("latestCreatedRevisionName")] else "")
' <<<"$service")

if [ "$serving_bundle" = "$hash" ]; then
  echo "$name: the serving revision already runs bundle $hash, not redeployed"
  touch "$marker"
  exit 0
fi
gcloud run deploy "$name" --region="$_REGION" --image="$image" \
  --no-traffic --tag="sha-$SHORT_SHA" --update-labels="canopy-bundle=$hash" --quiet
