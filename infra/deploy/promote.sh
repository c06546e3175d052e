#!/usr/bin/env bash
# Moves all of a function's traffic to the revision this build deployed and smoke-tested.
set -euo pipefail
name=$1
if [ -e ".canopy/deploy/$name.unchanged" ]; then
  echo "$name: not redeployed, traffic unchanged"
  exit 0
fi
gcloud run services update-traffic "$name" --region="$_REGION" --to-tags="sha-$SHORT_SHA=100"
