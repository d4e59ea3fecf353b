#!/usr/bin/env bash
# Request-path benchmark (issue 15, item 1): one run, one table. On the real server the suite uses
# (PostgreSQL, broker, Redis, search), wrk at 32 connections for 10 s per row after 5 s of warm-up:
# a static page (the baseline), a servlet (/health/live), JAX-RS touching no database (GET /v1/ping),
# public cached reads (GET /v1/hotels/{id}, availability), GET /v1/ping over Basic and over a bearer
# token, a one-row write (PUT /v1/players/{new id}), and a refused booking (POST /v1/reservations of a sold-out stay:
# Basic, a validated JSON body, one statement, 409 problem+json, the path of the last-rooms race's refusals). Each row: req/s, p50, p99 (from wrk's Lua
# done()), share of the static page, and the server's hottest frames from a JFR recording of that
# row (jcmd JFR.start/stop on the server, read with `jfr print`). wrk is Debian's package: as root
# the script installs it when missing.
#
#   flock /tmp/reckon-heavy.lock benchmark/request-path.sh -Dreckon.test.port.offset=400 \
#       -Dreckon.test.http.port=8480 -Dreckon.test.management.port=10390 -Dreckon.test.redis.port=6779
#   BENCH_SECONDS=10 BENCH_WARMUP=5      seconds per row, and of its warm-up
#   -Dreckon.bench.rows=1,12             only these rows, by number (the first is the baseline)
# Output: the report on stdout and in ear/target/benchmark-request-path.md; per-row JFR files in
# ear/target/request-path/.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v wrk > /dev/null && [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
  apt-get install -y wrk > /dev/null 2>&1 || (apt-get update > /dev/null 2>&1 && apt-get install -y wrk > /dev/null 2>&1)
fi
command -v wrk > /dev/null || { echo "wrk is needed (Debian: apt-get install wrk)" >&2; exit 1; }
mkdir -p ear/target
echo "load before: $(uptime)"
./mvnw -B -Pbenchmark-request-path verify -pl wildfly-config,ear -am -Dreckon.bench.seconds="${BENCH_SECONDS:-10}" \
  -Dreckon.bench.warmup="${BENCH_WARMUP:-5}" "$@" > ear/target/benchmark-request-path.log 2>&1 || {
  tail -80 ear/target/benchmark-request-path.log >&2
  exit 1
}
echo "load after: $(uptime)"
echo "(full log: ear/target/benchmark-request-path.log)"
cat ear/target/benchmark-request-path.md
