#!/usr/bin/env bash
# Cluster benchmark (issue 16, "Measure"): on the two-node cluster of wildfly-config/bin/cluster.sh,
# in ONE run and on the same data:
#   1. the demo check through the balancer (login, pay-in, booking: wildfly-config/bin/cluster-demo.sh,
#      with the booking made on node1 and node2's availability checked right after);
#   2. availability reads (GET /v1/hotels/{id}/availability) and pay-in requests (POST /v1/payments,
#      201 = accepted: the order is recorded and queued for the PSP) with wrk, BENCH_CONNECTIONS
#      connections for BENCH_SECONDS each: on node1 alone (its own port: the one-node figure, with
#      node2 idle beside it) and through the balancer (both nodes);
#   3. failover: SIGKILL of the node that runs the singleton work while a client reads through the
#      balancer every 100 ms; the time until the other node's timers say it is the primary, the
#      client's failed requests, then the restart of the killed node and its in-doubt branches
#      (pg_prepared_xacts) afterwards.
# Prints a markdown report (also to $BENCH_OUT, default benchmark/results/cluster-<date>.md).
# 4. the same two paths through the balancer with the survivor alone, right after the failover (so one
#    node and two nodes are compared behind the same balancer, in the same run).
# Run it through /work/heavy. Needs the EAR and the cluster installation built:
#   ./mvnw -q -o package -pl ear -am -DskipTests -Prun-cluster -Dexec.skip   (or once ./mvnw -Prun-cluster)
# Ports: RECKON_CLUSTER_OFFSET (balancer, default 280), RECKON_CLUSTER_NODE_OFFSETS ("200 250"),
# RECKON_CLUSTER_PSP_OFFSET (270): cluster.sh's defaults shifted off the suite's 100.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export RECKON_CLUSTER_OFFSET=${RECKON_CLUSTER_OFFSET:-280}
export RECKON_CLUSTER_NODE_OFFSETS=${RECKON_CLUSTER_NODE_OFFSETS:-200 250}
export RECKON_CLUSTER_PSP_OFFSET=${RECKON_CLUSTER_PSP_OFFSET:-270}
# public reads are rate-limited per client address (600/min): the benchmark's own address is exempt
export RECKON_CLUSTER_NODE_ARGS="-Dreckon.rate-limit.exempt=127.0.0.1 ${RECKON_CLUSTER_NODE_ARGS:-}"
seconds=${BENCH_SECONDS:-20}
connections=${BENCH_CONNECTIONS:-16}
out=${BENCH_OUT:-benchmark/results/cluster-$(date -u +%F).md}
var=${BENCH_VAR:-$root/ear/target/cluster-bench}
read -r -a offsets <<< "$RECKON_CLUSTER_NODE_OFFSETS"
balancer="http://127.0.0.1:$((8080 + RECKON_CLUSTER_OFFSET))"
node1="http://127.0.0.1:$((8080 + offsets[0]))"
node2="http://127.0.0.1:$((8080 + offsets[1]))"
psp="http://127.0.0.1:$((8080 + RECKON_CLUSTER_PSP_OFFSET))"
pg_port=$((5432 + RECKON_CLUSTER_OFFSET))

rm -rf "$var/cluster/node1" "$var/cluster/node2" "$var/cluster/psp" "$var/cluster/balancer"
mkdir -p "$var"
# copies: a build running beside the benchmark must not rewrite what a node restart unpacks
cp "${BENCH_EAR:-ear/target/reckon.ear}" "$var/reckon.ear"
cp "${BENCH_PSP_WAR:-ear/target/psp-sandbox.war}" "$var/psp-sandbox.war"
bash wildfly-config/bin/cluster.sh wildfly-config/target/wildfly-cluster "$var/reckon.ear" \
  wildfly-config/target/elasticsearch "$var" "$var/psp-sandbox.war" wildfly-config/target/drivers/postgresql.jar \
  > "$var/cluster.log" 2>&1 &
cluster_pid=$!
reader_pid=""
finish() {
  [[ -n "$reader_pid" ]] && kill "$reader_pid" 2>/dev/null || true
  kill -TERM "$cluster_pid" 2>/dev/null || true
  wait "$cluster_pid" 2>/dev/null || true
}
trap finish EXIT
for _ in $(seq 1 720); do
  grep -q "Reckon cluster is up" "$var/cluster.log" && break
  kill -0 "$cluster_pid" 2>/dev/null || { tail -30 "$var/cluster.log" >&2; exit 1; }
  sleep 1
done
grep -q "Reckon cluster is up" "$var/cluster.log" || { echo "cluster not up after 12 min" >&2; exit 1; }
up_line=$(grep "Reckon cluster is up" "$var/cluster.log")

report=$(mktemp)
line() { echo "$*" | tee -a "$report"; }
now_ms() { date +%s%3N; }
log_ms() { date -u -d "$(echo "$1" | cut -c1-23 | tr ',' '.')" +%s%3N; }   # "2026-12-05 12:53:01,123 ..." -> epoch ms

line "# Cluster benchmark, $(date -u '+%F %H:%M UTC')"
line ""
line "Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; load before the run: $(cut -d' ' -f1-3 /proc/loadavg)."
line "Command: \`/work/heavy benchmark/cluster.sh\` (BENCH_SECONDS=$seconds, BENCH_CONNECTIONS=$connections)."
line "Cluster: ${up_line# }; balancer $balancer, node1 $node1, node2 $node2."
line ""

# the demo data (hotels) is created by the primary ~3 s after the start; wait for it
for _ in $(seq 1 120); do
  curl -fsS "$balancer/v1/hotels?city=Lisbon" 2>/dev/null | grep -q hotel_id && break
  sleep 1
done
line "## 1. Demo through the balancer"
line '```'
bash wildfly-config/bin/cluster-demo.sh "$balancer" "$psp" "$node1" "$node2" 2>&1 | tee -a "$report"
line '```'
line ""

token=$(curl -fsS -u alice:alice -X POST "$balancer/v1/auth/token" | grep -o '"access_token":"[^"]*"' | cut -d'"' -f4)
hotel=$(curl -fsS "$balancer/v1/hotels?city=Lisbon" | grep -o '"hotel_id":"[^"]*"' | head -1 | cut -d'"' -f4)
availability="/v1/hotels/$hotel/availability?start_date=2027-06-01&end_date=2027-06-08&rooms=1"

# bench NAME BASE_URL SCRIPT PATH: one wrk run; a table row
bench() {
  local name=$1 base=$2 script=$3 path=$4 result
  result=$(TOKEN=$token wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "benchmark/cluster/$script" "$base$path" | grep '^RESULT')
  local ok failed secs p50 p99
  ok=$(echo "$result" | sed 's/.*ok=\([0-9]*\).*/\1/')
  failed=$(echo "$result" | sed 's/.*failed=\([0-9]*\).*/\1/')
  secs=$(echo "$result" | sed 's/.*seconds=\([0-9.]*\).*/\1/')
  p50=$(echo "$result" | sed 's/.*p50_ms=\([0-9.]*\).*/\1/')
  p99=$(echo "$result" | sed 's/.*p99_ms=\([0-9.]*\).*/\1/')
  line "| $name | $(awk -v o="$ok" -v s="$secs" 'BEGIN{printf "%.0f", o/s}') | $failed | $p50 | $p99 |"
}
line "## 2. Throughput (wrk, $connections connections, ${seconds} s each, after a ${seconds} s warm-up per path)"
line ""
TOKEN=$token wrk -t2 -c"$connections" -d"${seconds}s" -s benchmark/cluster/get.lua "$balancer$availability" >/dev/null
TOKEN=$token wrk -t2 -c"$connections" -d"${seconds}s" -s benchmark/cluster/payin.lua "$balancer/v1/payments" >/dev/null
line "| what | per second | failed | p50 ms | p99 ms |"
line "|---|---|---|---|---|"
bench "availability reads, node1 alone (its own port)" "$node1" get.lua "$availability"
bench "availability reads, through the balancer (2 nodes)" "$balancer" get.lua "$availability"
bench "pay-in requests (201), node1 alone" "$node1" payin.lua /v1/payments
bench "pay-in requests (201), through the balancer (2 nodes)" "$balancer" payin.lua /v1/payments
line ""

line "## 3. Failover: SIGKILL of the primary under reads through the balancer"
line ""
primary=$(grep -h "singleton work: .* is the primary node" "$var"/cluster/node*/log/server.log | sort | tail -1 | sed 's/.*singleton work: \([^ ]*\) is the primary.*/\1/')
case "$primary" in reckon-c1) victim=node1; survivor=node2 ;; reckon-c2) victim=node2; survivor=node1 ;; *) line "no primary found in the logs"; exit 1 ;; esac
survivor_id=$([[ $survivor == node1 ]] && echo reckon-c1 || echo reckon-c2)
reads="$var/reads.log"
: > "$reads"
( while :; do
    printf '%s %s\n' "$(date +%s%3N)" "$(curl -s -o /dev/null -m 10 -w '%{http_code}' "$balancer$availability")" >> "$reads"
    sleep 0.1
  done ) &
reader_pid=$!
# pay-in requests go on through the balancer too, with retries as a careful client does (same key)
sleep 3
victim_pid=$(pgrep -f "jboss-modules.jar.*jboss.node.name=$primary" | head -1)
killed_at=$(now_ms)
kill -9 "$victim_pid"
line "- $(date -u +%T.%3N): SIGKILL to $victim ($primary, pid $victim_pid), the primary."
took_over=""
for _ in $(seq 1 1200); do
  took_over=$(grep "singleton work: $survivor_id is the primary node from" "$var/cluster/$survivor/log/server.log" | tail -1 || true)
  [[ -n "$took_over" ]] && (( $(log_ms "$took_over") >= killed_at - 1000 )) && break
  took_over=""
  sleep 0.1
done
if [[ -n "$took_over" ]]; then
  line "- singleton work moved to $survivor ($survivor_id) **$(( $(log_ms "$took_over") - killed_at )) ms** after the kill (its first @SingletonWork timer that found it primary)."
else
  line "- singleton work did NOT move to $survivor within 120 s"
fi
view=$(grep -h "new cluster view\|ISPN000094" "$var/cluster/$survivor/log/server.log" | tail -1 || true)
[[ -n "$view" ]] && line "- the survivor's last cluster view change logged at ${view:11:12} UTC"
kill "$reader_pid" 2>/dev/null || true; reader_pid=""
line ""
line "Through the balancer with the survivor alone (same run, right after the failover):"
line ""
line "| what | per second | failed | p50 ms | p99 ms |"
line "|---|---|---|---|---|"
bench "availability reads, through the balancer (1 node left)" "$balancer" get.lua "$availability"
bench "pay-in requests (201), through the balancer (1 node left)" "$balancer" payin.lua /v1/payments
line ""
( while :; do
    printf '%s %s\n' "$(date +%s%3N)" "$(curl -s -o /dev/null -m 10 -w '%{http_code}' "$balancer$availability")" >> "$reads"
    sleep 0.1
  done ) &
reader_pid=$!
touch "$var/cluster/restart.$victim"
restart_at=$(now_ms)
restarted=""
for _ in $(seq 1 480); do
  if [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$((8080 + offsets[$([[ $victim == node1 ]] && echo 0 || echo 1)]))/health/ready")" == 200 ]]; then
    restarted=$(now_ms); break
  fi
  sleep 0.5
done
kill "$reader_pid" 2>/dev/null || true; reader_pid=""
if [[ -n "$restarted" ]]; then
  line "- $victim restarted on its own data, ready $(( restarted - restart_at )) ms after the restart began."
else
  line "- $victim did not become ready within 240 s of its restart"
fi
prepared=$(runuser -u postgres -- psql -h 127.0.0.1 -p "$pg_port" -U postgres -tA -c "SELECT count(*) FROM pg_prepared_xacts" 2>/dev/null || echo "?")
line "- prepared (in-doubt) branches left in PostgreSQL once it was ready: $prepared"
total=$(wc -l < "$reads")
failed=$(awk '$2 != 200' "$reads" | wc -l)
first_fail=$(awk '$2 != 200 {print $1; exit}' "$reads")
last_fail=$(awk '$2 != 200 {t=$1} END {print t}' "$reads")
line "- reads through the balancer during the scenario: $total, failed (not 200): $failed$([[ -n "$first_fail" ]] && echo ", from $((first_fail - killed_at)) ms to $((last_fail - killed_at)) ms after the kill")."
line ""
mkdir -p "$(dirname "$out")"
cp "$report" "$out"
echo "(report: $out; cluster log: $var/cluster.log)"
