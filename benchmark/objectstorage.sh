#!/usr/bin/env bash
# Object storage benchmark (issue 13, "Measure"): PUT and GET MB/s for 1 MiB and 64 MiB objects and
# ops/s for 4 KiB objects, at 1, 16 and 64 clients, for both storage classes (REPLICATED: 3 copies,
# write quorum 2; ERASURE_CODED: Reed-Solomon 4+2), through the AWS SDK for Java v2, on the test
# server and its 6 data node processes; baselines from the same run:
#   - the raw disk: sequential write and read of 2 GiB with dd (direct I/O, 1 MiB blocks) in the
#     directory the data nodes write to;
#   - s3proxy 2.6.0 (org.gaul:s3proxy, filesystem blob store on the same disk) driven by the same
#     client the same way.
# Data nodes fsync each block before acknowledging it; the replicated 4 KiB and 1 MiB cells are
# measured again with the nodes restarted without fsync (the cost of durability).
# Run it under the shared lock with your port offset, e.g.
#   flock /tmp/reckon-heavy.lock benchmark/objectstorage.sh -Dreckon.test.port.offset=300 \
#       -Dreckon.test.http.port=8380 -Dreckon.test.management.port=10290
# Seconds per cell: BENCH_SECONDS (default 5), after -Dreckon.bench.warmup-seconds (default 3) of warm-up per size and system. Output: benchmark/results/objectstorage-<date>.md
# Fewer cells (a profiling run): -Dreckon.bench.sizes-kib=4,1024 -Dreckon.bench.clients=1,16
# -Dreckon.bench.classes=REPLICATED -Dreckon.bench.nofsync-rows=false. The SQL statements of N 4 KiB PUTs
# and N GETs (one client, PostgreSQL's log_statement) first: -Dreckon.bench.trace-statements=N. JFR: the server with
# '-Dreckon.server.extra.jvm.args=-XX:StartFlightRecording=...', the data nodes with the environment
# variable OBJECTSTORAGE_NODE_JAVA_OPTS (filename=DIR/ gives one recording per node process).
set -euo pipefail
cd "$(dirname "$0")/.."
out="benchmark/results/objectstorage-$(date -u +%Y-%m-%d-%H%M).md"
mkdir -p ear/target
probe=ear/target/dd-probe
dd_write=$(dd if=/dev/zero of="$probe" bs=1M count=2048 oflag=direct conv=fsync 2>&1 | tail -1)
dd_read=$(dd if="$probe" of=/dev/null bs=1M iflag=direct 2>&1 | tail -1)
rm -f "$probe"
echo "raw disk, dd 2 GiB 1 MiB blocks: write (oflag=direct conv=fsync): ${dd_write}; read (iflag=direct): ${dd_read}"
./mvnw -B -Pbenchmark-objectstorage verify -pl wildfly-config,ear -am -Dreckon.bench.seconds="${BENCH_SECONDS:-5}" "$@" \
    > ear/target/benchmark-objectstorage.log 2>&1 || {
  tail -60 ear/target/benchmark-objectstorage.log >&2
  exit 1
}
{
  echo "# Object storage benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores"
  echo
  echo "Raw disk (dd, 2 GiB, 1 MiB blocks, direct I/O): write: ${dd_write}; read: ${dd_read}"
  echo
  cat ear/target/benchmark-objectstorage.md
} > "$out"
cat "$out"
# The benchmark's objects are throwaway and the next run wipes them at start (restart-clean); after the
# 64 MiB cells the nodes' directories and s3proxy's hold about 17 GB, so they go now.
rm -rf ear/target/objectstorage-nodes ear/target/s3proxy
echo "(full log: ear/target/benchmark-objectstorage.log; saved as $out)"
