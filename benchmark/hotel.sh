#!/usr/bin/env bash
# Hotel benchmark (issue 4, "Measure"), on the real PostgreSQL, broker, PSP sandbox and server
# that ./mvnw verify uses (HotelBenchmark in ear/src/test, profile benchmark-hotel):
#   (a) availability requests/s, p50/p99 from the Infinispan cache and, same mix, same run,
#       straight from PostgreSQL (source=database), at 8/32/64 connections, with wrk;
#   (b) bookings/s (quote + book, no contention) and their p50/p99, 8 and 32 clients;
#   (c) 1,000 concurrent POST /v1/reservations for the last 10 rooms: time to settle, p50/p99,
#       and exactly 10 x 201 + 990 x 409 or the run fails.
# Baselines in the same run: the database path for (a), a static page (the HTTP stack alone) for all three.
# wrk comes from Debian's package; as root the script installs it when missing, otherwise (a)
# falls back to a JVM client and the report says so.
#
#   benchmark/hotel.sh                  -> prints the report; also ear/target/benchmark-hotel.md
#   BENCH_SECONDS=15 BENCH_WARMUP=10    seconds per level, and of warm-up
#   -Dreckon.bench.sections=b,c         which sections run (a, b, c; "none" for none)
#   -Dreckon.bench.trace-statements=5   first, every SQL statement of 5 bookings and of what they set off
#   BENCH_MVN_ARGS="-Dreckon.test.port.offset=400 -Dreckon.test.http.port=8480 -Dreckon.test.management.port=10390"
#                                       extra Maven arguments, e.g. other ports beside another suite;
#                                       arguments given to the script are passed on to Maven too
# The server's JFR profile is ear/target/benchmark-hotel-server.jfr.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v wrk > /dev/null && [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
  apt-get install -y wrk > /dev/null 2>&1 || (apt-get update > /dev/null 2>&1 && apt-get install -y wrk > /dev/null 2>&1) \
    || echo "wrk could not be installed; (a) will use the JVM client" >&2
fi
mkdir -p ear/target
echo "load before: $(uptime)"
# shellcheck disable=SC2086  # BENCH_MVN_ARGS is a list of arguments
./mvnw -B -Pbenchmark-hotel verify -pl wildfly-config,ear -am -Dreckon.bench.seconds="${BENCH_SECONDS:-15}" \
  -Dreckon.bench.warmup="${BENCH_WARMUP:-10}" ${BENCH_MVN_ARGS:-} "$@" > ear/target/benchmark-hotel.log 2>&1 || {
  tail -80 ear/target/benchmark-hotel.log >&2
  exit 1
}
echo "load after: $(uptime)"
echo "(full log: ear/target/benchmark-hotel.log)"
cat ear/target/benchmark-hotel.md
