#!/usr/bin/env bash
# Calls one route of the function's new tagged revision with the build's
# identity (audience canopy-<name>, the service's custom audience). No answer,
# or any 5xx, fails the build before traffic moves. A 4xx is fine: the call is
# anonymous to the application and carries no valid body.
# Usage: smoke.sh <function> <method> <path>
set -euo pipefail
name=$1 method=$2 path=$3
if [ -e ".canopy/deploy/$name.unchanged" ]; then
  echo "$name: not redeployed, nothing to smoke-test"
  exit 0
fi
url=$(gcloud run services describe "$name" --region="$_REGION" --format=json | python3 -c '
import json, sys
tag = sys.argv[1]
print(next(t["url"] for t in json.load(sys.stdin)["status"]["traffic"] if t.get("tag") == tag))
' "sha-$SHORT_SHA")
token=$(gcloud auth print-identity-token --audiences="canopy-$name")
body=()
[ "$method" = GET ] || body=(-H 'Content-Type: application/json' --data '{}')
# A cold start with CPU boost takes seconds; allow for it.
status=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 60 -X "$method" \
  -H "Authorization: Bearer $token" "${body[@]}" "$url$path" || true)
echo "$name: $method $url$path -> $status"
if [ "$status" = 000 ] || [ "$status" -ge 500 ]; then
  echo "$name: smoke test failed; traffic stays on the serving revision" >&2
  exit 1
fi
