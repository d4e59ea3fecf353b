#!/usr/bin/env bash
# What an S3 client gets from Reckon's S3 port while the server boots (issue 16, objectstorage.md "On the
# cluster"): polls GET /<bucket>/<key> every 0.1 s for BOOT_PROBE_SECONDS (default 120) and prints, in
# order, each run of identical answers: the HTTP status, and whether Reckon's S3 service gave it (an
# x-amz-request-id header) or the server around it did. "000" is a refused connection.
# Start it, then start the server, e.g.:
#   benchmark/s3-boot-probe.sh > /tmp/probe.txt & ./mvnw -Prun
# A starting node should answer 503 (no request id) until it runs, then the S3 service's own answers
# (here 404 NoSuchBucket with a request id); a 404 without a request id is the window this guards.
set -euo pipefail
url=${BOOT_PROBE_URL:-http://127.0.0.1:9000/boot-probe/key}
end=$((SECONDS + ${BOOT_PROBE_SECONDS:-120}))
headers=$(mktemp)
trap 'rm -f "$headers"' EXIT
previous=""
count=0
while [ $SECONDS -lt $end ]; do
  status=$(curl -s -o /dev/null -D "$headers" -w '%{http_code}' --max-time 2 "$url" || true)
  if grep -qi '^x-amz-request-id:' "$headers"; then who="S3 service"; else who="no request id"; fi
  answer="$status ($who)"
  if [ "$answer" != "$previous" ] && [ -n "$previous" ]; then
    echo "$(date -u +%T) $count x $previous"
    count=0
  fi
  previous=$answer
  count=$((count + 1))
  sleep 0.1
done
echo "$(date -u +%T) $count x $previous"
