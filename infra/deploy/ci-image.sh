#!/usr/bin/env bash
# Builds the image the test and database steps run in (.ci/Dockerfile: Node 20,
# Debian's Django, pg_dump and chromium, terraform, the Pub/Sub emulator, the
# Cloud SQL Auth Proxy) and pushes it as ci:<commit> and ci:latest, reusing
# the layers of the last one pushed: its apt installs take minutes.
# Runs in gcr.io/cloud-builders/docker; Cloud Build's substitutions are in the environment.
set -euo pipefail
image="$_REGION-docker.pkg.dev/$PROJECT_ID/$_REPOSITORY/ci"

# The first build has nothing to reuse.
docker pull "$image:latest" || echo "ci-image: no $image:latest yet, building from scratch"
DOCKER_BUILDKIT=1 docker build --build-arg BUILDKIT_INLINE_CACHE=1 --cache-from "$image:latest" \
  -t "$image:$COMMIT_SHA" -t "$image:latest" -f .ci/Dockerfile .ci
docker push --all-tags "$image"
