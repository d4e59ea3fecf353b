#!/usr/bin/env bash
# Starts and stops the Elasticsearch that the Maven artifact
# org.elasticsearch.distribution.integ-test-zip:elasticsearch ships (unpacked by wildfly-config).
#
#   elasticsearch.sh start  ES_HOME HTTP_PORT STATE_DIR [WATCH_PID]
#   elasticsearch.sh stop   STATE_DIR
#   elasticsearch.sh status STATE_DIR
#
# STATE_DIR holds data/, logs/, tmp/ and es.pid. Elasticsearch refuses to run as root, so as root
# the script creates the system user 'reckon-es' and runs it as that user. With WATCH_PID, a
# watchdog stops Elasticsearch when that process ends (Ctrl-C on ./mvnw -Prun, say).
# Exit codes: 0 started/stopped/running, 1 failed, 3 not running (status).
set -euo pipefail

ES_USER=reckon-es
command=${1:?usage: elasticsearch.sh start|stop|status ...}
shift

pid_of() {
  local state_dir=$1
  [[ -f "$state_dir/es.pid" ]] && cat "$state_dir/es.pid" 2>/dev/null || true
}

running() {
  local pid
  pid=$(pid_of "$1")
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null
}

wait_until_healthy() {
  local port=$1 seconds=$2
  for ((i = 0; i < seconds * 2; i++)); do
    if curl -fsS "http://127.0.0.1:$port/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.5
  done
  return 1
}

java_home() {
  if [[ -n "${ES_JAVA_HOME:-}" ]]; then echo "$ES_JAVA_HOME"; return; fi
  if [[ -n "${JAVA_HOME:-}" ]]; then echo "$JAVA_HOME"; return; fi
  dirname "$(dirname "$(readlink -f "$(command -v java)")")"
}

start() {
  local es_home=$1 port=$2 state_dir=$3 watch_pid=${4:-}
  mkdir -p "$state_dir"/{data,logs,tmp}
  state_dir=$(cd "$state_dir" && pwd)
  es_home=$(cd "$es_home" && pwd)
  if running "$state_dir"; then
    echo "elasticsearch: already running (pid $(pid_of "$state_dir")) on port $port"
    return 0
  fi
  local -a run_as=()
  if [[ $(id -u) -eq 0 ]]; then
    id "$ES_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$ES_USER"
    chown -R "$ES_USER" "$es_home" "$state_dir"
    # The user must be able to reach both folders through their parents.
    for dir in "$es_home" "$state_dir"; do
      while [[ "$dir" != "/" ]]; do chmod o+x "$dir" 2>/dev/null || true; dir=$(dirname "$dir"); done
    done
    run_as=(runuser -u "$ES_USER" --)
  fi
  rm -f "$state_dir/es.pid"
  "${run_as[@]}" env -i PATH="$PATH" HOME="$state_dir" \
      ES_JAVA_HOME="$(java_home)" ES_TMPDIR="$state_dir/tmp" \
      ES_JAVA_OPTS="${ES_JAVA_OPTS:--Xms512m -Xmx512m}" \
      "$es_home/bin/elasticsearch" -d -p "$state_dir/es.pid" \
      -Ediscovery.type=single-node -Enetwork.host=127.0.0.1 -Ehttp.port="$port" \
      -Etransport.port=19300-19399 \
      -Expack.security.enabled=false -Ecluster.routing.allocation.disk.threshold_enabled=false \
      -Epath.data="$state_dir/data" -Epath.logs="$state_dir/logs" \
      >"$state_dir/logs/startup.out" 2>&1 || {
        echo "elasticsearch: failed to start; see $state_dir/logs/startup.out" >&2
        tail -20 "$state_dir/logs/startup.out" >&2 || true
        return 1
      }
  if ! wait_until_healthy "$port" 90; then
    echo "elasticsearch: did not become healthy on port $port; see $state_dir/logs" >&2
    stop "$state_dir" || true
    return 1
  fi
  echo "elasticsearch: up on http://127.0.0.1:$port (pid $(pid_of "$state_dir"), data in $state_dir/data)"
  if [[ -n "$watch_pid" ]]; then
    nohup bash -c "while kill -0 $watch_pid 2>/dev/null; do sleep 1; done; '$0' stop '$state_dir'" \
        >/dev/null 2>&1 &
  fi
}

stop() {
  local state_dir=$1 pid
  pid=$(pid_of "$state_dir")
  if [[ -z "$pid" ]] || ! kill -0 "$pid" 2>/dev/null; then
    echo "elasticsearch: not running"
    return 0
  fi
  kill "$pid"
  for ((i = 0; i < 60; i++)); do
    kill -0 "$pid" 2>/dev/null || { echo "elasticsearch: stopped"; return 0; }
    sleep 0.5
  done
  kill -9 "$pid" 2>/dev/null || true
  echo "elasticsearch: killed after 30 s"
}

case "$command" in
  start) start "$@" ;;
  stop) stop "$@" ;;
  status) if running "$1"; then echo "running (pid $(pid_of "$1"))"; else echo "not running"; exit 3; fi ;;
  *) echo "usage: elasticsearch.sh start|stop|status ..." >&2; exit 2 ;;
esac
