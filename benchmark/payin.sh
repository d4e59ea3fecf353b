#!/usr/bin/env bash
# Pay-in benchmark (issue: payment system, "Measure"): complete pay-ins per second and p50/p99
# for 1, 16 and 64 concurrent clients (POST -> PSP sandbox with zero added latency -> signed
# webhook -> XA commit), on the real PostgreSQL, broker and server that ./mvnw verify uses,
# with pgbench's built-in TPC-B on the same PostgreSQL server as the baseline.
# Needs pgbench on the PATH (Debian: postgresql-contrib). Seconds per level: BENCH_SECONDS.
#
#   benchmark/payin.sh            -> prints the table; also ear/target/benchmark-payin.md
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p ear/target
./mvnw -B -Pbenchmark verify -pl wildfly-config,ear -am -Dreckon.bench.seconds="${BENCH_SECONDS:-15}" "$@" > ear/target/benchmark.log 2>&1 || {
  tail -60 ear/target/benchmark.log >&2
  exit 1
}
echo "(full log: ear/target/benchmark.log)"
cat ear/target/benchmark-payin.md
