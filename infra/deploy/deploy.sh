#!/usr/bin/env bash
# Deploys one service's bundle as a new revision:
# - tagged (a function): tagged sha-<short sha>, taking no traffic yet; the
#   smoke and promote steps follow;
# - serving (the relay): takes all traffic once its startup probe passes (a
#   revision that never becomes ready fails the deploy and the old one keeps
#   running). No tag: a tagged revision keeps its own minimum instance running.
# Skipped, with a marker the smoke and promote steps read, when the revision
# serving all traffic already runs this bundle and is the service's latest: a
# later revision means Terraform changed the service's configuration, and that
# has to go out through a deploy too.
# Usage: deploy.sh <service> <bundle dir> <tagged|serving>
# Runs in gcr.io/google.com/cloudsdktool/cloud-sdk:slim.
set -euo pipefail
name=$1 dir=$2 mode=$3
case $mode in
  tagged) traffic=(--no-traffic --tag="sha-$SHORT_SHA") ;;
  serving) traffic=() ;;
  *) echo "deploy.sh: mode must be tagged or serving, not \"$mode\"" >&2; exit 2 ;;
esac
hash=$(bash infra/deploy/bundle-hash.sh "$dir")
image="$_REGION-docker.pkg.dev/$PROJECT_ID/$_REPOSITORY/$name:bundle-$hash"
marker=".canopy/deploy/$name.unchanged"
mkdir -p "$(dirname "$marker")"
rm -f "$marker"

if ! service=$(gcloud run services describe "$name" --region="$_REGION" --format=json); then
  echo "$name: no Cloud Run service yet; the services step (terraform apply -target=module.function -target=module.relay -target=module.docs) creates it" >&2
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
  "${traffic[@]}" --update-labels="canopy-bundle=$hash" --quiet
# A serving deploy leaves traffic on the latest revision, even if someone pinned it by hand.
if [ "$mode" = serving ]; then
  gcloud run services update-traffic "$name" --region="$_REGION" --to-latest --quiet
fi
