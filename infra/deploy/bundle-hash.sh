#!/usr/bin/env bash
# Prints a function bundle's hash: sha256 over every file its image is built
# from (not index.js alone: a new main.js, locked dependency or Dockerfile is a new
# image too), cut to 32 hex digits to fit a Cloud Run label value.
set -euo pipefail
dir="dist/functions/$1"
cat "$dir/index.js" "$dir/main.js" "$dir/package.json" "$dir/package-lock.json" "$dir/Dockerfile" | sha256sum | cut -c1-32
