#!/usr/bin/env bash
# Time to ready of the dev server for two EARs, alternated (A B A B ...), on the dev WildFly that
# ./mvnw -Prun provisioned (wildfly-config/target/wildfly-dev) and its var/. Alternating makes the
# comparison fair on a shared machine whose load changes from minute to minute.
#
#   benchmark/deploy-ab.sh ROUNDS EAR_A EAR_B
#
# Each start is wildfly-config/bin/run.sh, what ./mvnw -Prun runs after its build; the figures are
# those of startup.sh: ready_ms (banner), deploy_ms (server.log), cpu_s (WildFly JVM), load.
# Stops every server it starts (SIGINT to its process group) and checks ports 8080, 9990, 9200.
set -euo pipefail

rounds=${1:?ROUNDS} ear_a=$(realpath "${2:?EAR_A}") ear_b=$(realpath "${3:?EAR_B}")
root=$(cd "$(dirname "$0")/.." && pwd)
jboss_home=$root/wildfly-config/target/wildfly-dev
es_home=$root/wildfly-config/target/elasticsearch
sandbox=$root/ear/target/psp-sandbox.war
server_log=$root/var/wildfly/log/server.log
ports=(8080 9990 9200)
work=$(mktemp -d "${TMPDIR:-/tmp}/reckon-deploy-ab.XXXXXX")
current=""

listening() { ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; }
stop_run() {
  local pid=$1
  [[ -z "$pid" ]] && return 0
  kill -INT -- "-$pid" 2>/dev/null || true
  for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  for port in "${ports[@]}"; do
    for _ in $(seq 1 120); do listening "$port" || break; sleep 0.5; done
    if listening "$port"; then echo "deploy-ab: port $port still in use" >&2; exit 1; fi
  done
}
trap 'stop_run "$current"' EXIT INT TERM
wildfly_cpu() {
  local pid
  pid=$(pgrep -g "$1" -f 'D\[Standalone\]' | head -1)
  [[ -z "$pid" ]] && { echo 0; return; }
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/.*\) /, ""); printf "%.1f", ($12 + $13) / hz }' "/proc/$pid/stat"
}
deploy_ms() {
  tail -n "+$(( $1 + 1 ))" "$server_log" | awk '
    function ms(d, t,   p) { split(t, p, /[:,]/); return ((p[1]*60 + p[2])*60 + p[3])*1000 + p[4] }
    /WFLYSRV0027: Starting deployment of "reckon.ear"/ && !s { s = ms($1, $2) }
    /WFLYSRV0010: Deployed "reckon.ear"/ && s { print ms($1, $2) - s; exit }'
}
median() { sort -n | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

for port in "${ports[@]}"; do
  if listening "$port"; then echo "deploy-ab: port $port is busy" >&2; exit 1; fi
done
declare -A all=()
for round in $(seq 1 "$rounds"); do
  for which in A B; do
    ear=$ear_a; [[ $which == B ]] && ear=$ear_b
    log=$work/$which-$round.log
    : >"$log"
    lines=$(wc -l <"$server_log" 2>/dev/null || echo 0)
    (exec setsid bash "$root/wildfly-config/bin/run.sh" "$jboss_home" "$ear" "$es_home" "$root/var" "$sandbox") >"$log" 2>&1 &
    current=$!
    until grep -q 'Reckon is up' "$log"; do
      kill -0 "$current" 2>/dev/null || { echo "deploy-ab: $which ended before the banner; see $log" >&2; exit 1; }
      sleep 0.2
    done
    load=$(cut -d' ' -f1 /proc/loadavg)
    cpu=$(wildfly_cpu "$current")
    ready=$(sed -n 's/.*ready in \([0-9]*\) ms.*/\1/p' "$log")
    sleep 1
    deploy=$(deploy_ms "$lines")
    stop_run "$current"; current=""
    echo "round $round $which: ready_ms=$ready deploy_ms=$deploy cpu_s=$cpu load=$load"
    all[$which.ready]+="$ready "; all[$which.deploy]+="$deploy "; all[$which.cpu]+="$cpu "
  done
done
for which in A B; do
  echo "median $which ($( [[ $which == A ]] && echo "$ear_a" || echo "$ear_b")):" \
       "ready_ms=$(tr ' ' '\n' <<<"${all[$which.ready]}" | grep . | median)" \
       "deploy_ms=$(tr ' ' '\n' <<<"${all[$which.deploy]}" | grep . | median)" \
       "cpu_s=$(tr ' ' '\n' <<<"${all[$which.cpu]}" | grep . | median)"
done
