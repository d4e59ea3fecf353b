#!/usr/bin/env bash
# Leaderboard benchmark (issue 14, "Measure"): score updates/s and p50/p99 through POST /v1/scores
# at 1, 16 and 64 clients; p50/p99 of the top 10 and of a player's rank with neighbours on a board
# of 10 million players (loaded into Redis directly, pipelined); the Redis memory of those 10
# million, extrapolated to 25 million against the chapter's estimate; redis-benchmark's ZADD and
# ZREVRANK on the same Redis as the baseline (Debian's redis-tools; as root it is installed when
# missing). Seconds per level: BENCH_SECONDS; board size: BENCH_BOARD. Extra Maven arguments
# (port offsets, say) are passed on:
#
#   benchmark/leaderboard.sh [-Dreckon.test.port.offset=200 -Dreckon.test.http.port=8280 ...]
#     -> prints the table; also ear/target/benchmark-leaderboard.md
# The server's JFR profile is ear/target/benchmark-leaderboard-server.jfr.
set -euo pipefail
cd "$(dirname "$0")/.."
# The clients: redis-benchmark (Debian's redis-tools) for the baseline, wrk for the C client's rows.
# As root they are installed when missing (apt-get update first only if the install fails).
for tool in redis-benchmark:redis-tools wrk:wrk; do
  if ! command -v "${tool%%:*}" >/dev/null 2>&1 && [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    apt-get install -y -q "${tool#*:}" >/dev/null 2>&1 \
      || { apt-get update >/dev/null 2>&1 && apt-get install -y -q "${tool#*:}" >/dev/null 2>&1; } || true
  fi
  command -v "${tool%%:*}" >/dev/null || { echo "${tool%%:*} is needed (Debian: apt-get install ${tool#*:})" >&2; exit 1; }
done
mkdir -p ear/target
./mvnw -B -Pbenchmark-leaderboard verify -pl wildfly-config,ear -am -Dreckon.bench.seconds="${BENCH_SECONDS:-15}" \
    -Dreckon.bench.board="${BENCH_BOARD:-10000000}" "$@" > ear/target/benchmark-leaderboard.log 2>&1 || {
  tail -60 ear/target/benchmark-leaderboard.log >&2
  exit 1
}
echo "(full log: ear/target/benchmark-leaderboard.log)"
cat ear/target/benchmark-leaderboard.md
