#!/usr/bin/env bash
# Builds and pushes one service's image (a function's, or the relay's), tagged
# with the commit and with its bundle hash, unless Artifact Registry already
# holds the image of this exact bundle (unchanged, or a revert to an earlier bundle).
# Usage: image.sh <service> <bundle dir>
# Runs in gcr.io/cloud-builders/docker; Cloud Build's substitutions are in the environment.
set -euo pipefail
name=$1 dir=$2
hash=$(bash infra/deploy/bundle-hash.sh "$dir")
image="$_REGION-docker.pkg.dev/$PROJECT_ID/$_REPOSITORY/$name"

if docker manifest inspect "$image:bundle-$hash" >/dev/null 2>&1; then
  echo "$name: $image:bundle-$hash exists, not rebuilt"
  exit 0
fi
docker build --label "canopy.bundle=$hash" --label "canopy.commit=$COMMIT_SHA" \
  -t "$image:$COMMIT_SHA" -t "$image:bundle-$hash" "$dir"
docker push --all-tags "$image"
