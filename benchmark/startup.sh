#!/usr/bin/env bash
# Time to ready of `./mvnw -Prun`, over N runs (default 5), after one warm-up run that is not
# counted (it unpacks and configures the dev WildFly and seeds the demo hotels on a fresh var/;
# STARTUP_WARMUP=0 skips it).
#
#   benchmark/startup.sh [RUNS] [extra Maven arguments...]
#
# "Ready" is run.sh's banner, printed once /health/ready answered (the banner says 200 or 503).
# Each run prints five figures:
#   ready_ms   the banner's own figure: WildFly launched -> /health/ready answered;
#   deploy_ms  server.log: WFLYSRV0027 Starting deployment of "reckon.ear" -> WFLYSRV0010 Deployed;
#   wall_s     `./mvnw -Prun` started -> banner (includes the Maven build);
#   cpu_s      CPU time (user + system) the WildFly JVM had used when the banner appeared: the work
#              of booting and deploying, which other processes on a shared machine do not inflate;
#   load       the 1-minute load average then (on a shared machine, the reason the times vary).
# After each run the script stops everything the way Ctrl-C does (SIGINT to the command's process
# group), waits until nothing listens on the HTTP, management and Elasticsearch ports, and only
# then starts the next run. It uses ports 8080/9990/9200 like ./mvnw -Prun: nothing else may run.
set -euo pipefail

runs=${1:-5}
shift || true
warmup=${STARTUP_WARMUP:-1}   # STARTUP_WARMUP=0 when the dev server is already unpacked and seeded
root=$(cd "$(dirname "$0")/.." && pwd)
http_port=${RECKON_HTTP_PORT:-8080}
es_port=${RECKON_ES_PORT:-9200}
ports=("$http_port" 9990 "$es_port")
server_log=$root/var/wildfly/log/server.log
work=$(mktemp -d "${TMPDIR:-/tmp}/reckon-startup.XXXXXX")
current=""

listening() { ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; }

stop_run() {
  local pid=$1
  [[ -z "$pid" ]] && return 0
  kill -INT -- "-$pid" 2>/dev/null || true
  # wait for the whole process group, not only Maven: run.sh goes on stopping WildFly, Redis, the
  # data nodes and Elasticsearch after Maven has exited, and a KILL then would leave them running
  for _ in $(seq 1 120); do pgrep -g "$pid" >/dev/null || break; sleep 0.5; done
  if pgrep -g "$pid" >/dev/null; then kill -TERM -- "-$pid" 2>/dev/null || true; sleep 5; fi
  kill -KILL -- "-$pid" 2>/dev/null || true
  for port in "${ports[@]}"; do
    for _ in $(seq 1 120); do listening "$port" || break; sleep 0.5; done
    if listening "$port"; then echo "startup: port $port still in use after stopping run" >&2; exit 1; fi
  done
}
trap 'stop_run "$current"' EXIT INT TERM

for port in "${ports[@]}"; do
  if listening "$port"; then echo "startup: port $port is busy; stop what runs there first" >&2; exit 1; fi
done

# CPU seconds used so far by the WildFly JVM of the process group $1
wildfly_cpu() {
  local pid
  pid=$(pgrep -g "$1" -f 'D\[Standalone\]' | head -1)
  [[ -z "$pid" ]] && { echo 0; return; }
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/.*\) /, ""); printf "%.1f", ($12 + $13) / hz }' "/proc/$pid/stat"
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

# ms between the first WFLYSRV0027 for reckon.ear and the following WFLYSRV0010, after line $1
deploy_ms() {
  tail -n "+$(( $1 + 1 ))" "$server_log" | awk '
    function ms(d, t,   p, s) { split(t, p, /[:,]/); return ((p[1]*60 + p[2])*60 + p[3])*1000 + p[4] }
    /WFLYSRV0027: Starting deployment of "reckon.ear"/ && !s { s = ms($1, $2) }
    /WFLYSRV0010: Deployed "reckon.ear"/ && s { print ms($1, $2) - s; exit }'
}

declare -a ready_all=() deploy_all=() wall_all=() cpu_all=()
for i in $(seq $(( warmup ? 0 : 1 )) "$runs"); do
  log=$work/run-$i.log
  lines=0
  [[ -f "$server_log" ]] && lines=$(wc -l <"$server_log")
  : >"$log"
  start=$(date +%s%N)
  (cd "$root" && exec setsid ./mvnw -B -Prun "$@") >"$log" 2>&1 &
  current=$!
  until grep -q 'Reckon is up' "$log"; do
    if ! kill -0 "$current" 2>/dev/null; then
      echo "startup: run $i ended before the banner; see $log" >&2; tail -30 "$log" >&2; exit 1
    fi
    if (( ($(date +%s%N) - start) / 1000000000 > 900 )); then
      echo "startup: no banner after 900 s; see $log" >&2; exit 1
    fi
    sleep 0.2
  done
  wall_ms=$(( ($(date +%s%N) - start) / 1000000 ))
  load=$(cut -d' ' -f1 /proc/loadavg)
  cpu=$(wildfly_cpu "$current")
  ready_ms=$(sed -n 's/.*ready in \([0-9]*\) ms.*/\1/p' "$log")
  status=$(sed -n 's/.*\/health\/ready answered \([0-9]*\).*/\1/p' "$log")
  sleep 1  # the log line WFLYSRV0010 may land just after the readiness probe
  deploy=$(deploy_ms "$lines")
  stop_run "$current"
  current=""
  if (( i == 0 )); then
    echo "warm-up: ready_ms=$ready_ms deploy_ms=${deploy:-?} wall_s=$(awk "BEGIN{print $wall_ms/1000}") cpu_s=$cpu load=$load ready=$status (not counted)"
    continue
  fi
  echo "run $i: ready_ms=$ready_ms deploy_ms=${deploy:-?} wall_s=$(awk "BEGIN{print $wall_ms/1000}") cpu_s=$cpu load=$load ready=$status"
  ready_all+=("$ready_ms"); deploy_all+=("${deploy:-0}"); wall_all+=("$wall_ms"); cpu_all+=("$cpu")
done
echo "median over $runs runs: ready_ms=$(printf '%s\n' "${ready_all[@]}" | median)" \
     "deploy_ms=$(printf '%s\n' "${deploy_all[@]}" | median)" \
     "wall_s=$(printf '%s\n' "${wall_all[@]}" | median | awk '{print $1/1000}')" \
     "cpu_s=$(printf '%s\n' "${cpu_all[@]}" | median)"
echo "logs: $work"
