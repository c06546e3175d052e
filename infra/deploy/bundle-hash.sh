#!/usr/bin/env bash
# Prints a bundle's hash: sha256 over every file its image is built from (not
# the code alone: a new main.js, locked dependency or Dockerfile is a new image
# too), cut to 32 hex digits to fit a Cloud Run label value.
# Usage: bundle-hash.sh <bundle dir>   (dist/functions/<name>, dist/relay or dist/docs-service)
set -euo pipefail
dir=$1
# index.js and main.js for a function, main.js for the relay (a glob expands sorted).
bundles=("$dir"/*.js)
# Every other file the Dockerfile copies: the docs service's index.html and openapi.json (none for the
# others, so their hashes stay as they were).
others=()
while read -r file; do others+=("$dir/$file"); done < <(sed -n 's|^COPY \(.*\) \./$|\1|p' "$dir/Dockerfile" | tr ' ' '\n' | grep -vxE '.*\.js|package(-lock)?\.json' || true)
cat "${bundles[@]}" "$dir/package.json" "$dir/package-lock.json" "$dir/Dockerfile" "${others[@]}" | sha256sum | cut -c1-32
