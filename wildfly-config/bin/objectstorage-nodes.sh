#!/usr/bin/env bash
# Starts and stops the object-storage data nodes (persistence/objectstorage-node): separate JVMs,
# each with its own directory BASE_DIR/nK and port 9000+OFFSET+K, heartbeating to the S3 listener
# of the server (http://127.0.0.1:9000+OFFSET/_reckon/heartbeat).
#
#   objectstorage-nodes.sh start      NODE_JAR BASE_DIR OFFSET COUNT [WATCH_PID]
#   objectstorage-nodes.sh restart-clean NODE_JAR BASE_DIR OFFSET COUNT    (tests: stop, wipe BASE_DIR, start)
#   objectstorage-nodes.sh start-one  NODE_JAR BASE_DIR OFFSET K          (restart node K, e.g. after a kill)
#   objectstorage-nodes.sh kill-one   BASE_DIR K                          (SIGKILL node K: fault scenarios)
#   objectstorage-nodes.sh stop       BASE_DIR
#   objectstorage-nodes.sh status     BASE_DIR
#
# BASE_DIR/nK holds data/ (pack files), lookup.log, node.pid and node.log. With WATCH_PID, a
# watchdog stops the nodes when that process ends (Ctrl-C on ./mvnw -Prun).
# Nodes fsync each block before acknowledging it; OBJECTSTORAGE_NODE_FSYNC=false turns that off
# (the benchmark measures both). OBJECTSTORAGE_HEARTBEAT_URLS (comma-separated) replaces the one
# heartbeat URL: on the cluster (cluster.sh) every node beats to every server, each of which keeps
# its own cluster map.
set -euo pipefail

command=${1:?usage: objectstorage-nodes.sh start|start-one|kill-one|stop|status ...}
shift
self=$(readlink -f "$0")

node_running() {
  local dir=$1 pid
  [[ -f "$dir/node.pid" ]] || return 1
  pid=$(cat "$dir/node.pid" 2>/dev/null) || return 1
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null
}

java_bin() {
  if [[ -n "${JAVA_HOME:-}" ]]; then echo "$JAVA_HOME/bin/java"; else command -v java; fi
}

start_one() {
  local jar=$1 base=$2 offset=$3 k=$4
  local dir="$base/n$k" port=$((9000 + offset + k))
  mkdir -p "$dir"
  if node_running "$dir"; then
    echo "objectstorage: node n$k already running (pid $(cat "$dir/node.pid"))"
    return 0
  fi
  # a young generation of 64 MiB: a node allocates a 4 MiB array per block it stores or serves, which
  # then dies young; with 32 MiB of heap in all they were promoted and collected by full GCs
  nohup "$(java_bin)" ${OBJECTSTORAGE_NODE_JAVA_OPTS:--Xms96m -Xmx256m -Xmn64m -XX:+UseSerialGC} -jar "$jar" \
      --id "n$k" --port "$port" --dir "$dir" \
      --heartbeat-url "${OBJECTSTORAGE_HEARTBEAT_URLS:-http://127.0.0.1:$((9000 + offset))/_reckon/heartbeat}" --heartbeat-ms 1000 \
      --fsync "${OBJECTSTORAGE_NODE_FSYNC:-true}" \
      >>"$dir/node.log" 2>&1 &
  echo $! > "$dir/node.pid"
  for ((i = 0; i < 60; i++)); do
    if curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1; then
      echo "objectstorage: node n$k up on http://127.0.0.1:$port (pid $(cat "$dir/node.pid"), blocks in $dir)"
      return 0
    fi
    node_running "$dir" || break
    sleep 0.25
  done
  echo "objectstorage: node n$k did not start; see $dir/node.log" >&2
  tail -20 "$dir/node.log" >&2 || true
  return 1
}

stop_all() {
  local base=$1 dir pid
  for dir in "$base"/n*; do
    [[ -d "$dir" ]] || continue
    if node_running "$dir"; then
      pid=$(cat "$dir/node.pid")
      kill "$pid" 2>/dev/null || true
      for ((i = 0; i < 40; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
      kill -9 "$pid" 2>/dev/null || true
      echo "objectstorage: node $(basename "$dir") stopped"
    fi
    rm -f "$dir/node.pid"
  done
}

case "$command" in
  start)
    jar=${1:?NODE_JAR}; base=${2:?BASE_DIR}; offset=${3:?OFFSET}; count=${4:?COUNT}; watch_pid=${5:-}
    mkdir -p "$base"; base=$(cd "$base" && pwd)
    for ((k = 1; k <= count; k++)); do start_one "$jar" "$base" "$offset" "$k" || { stop_all "$base"; exit 1; }; done
    if [[ -n "$watch_pid" ]]; then
      nohup bash -c "while kill -0 $watch_pid 2>/dev/null; do sleep 1; done; '$self' stop '$base'" >/dev/null 2>&1 &
    fi
    ;;
  restart-clean)
    base=${2:?BASE_DIR}
    [[ -d "$base" ]] && stop_all "$base"
    rm -rf "$base"
    exec "$self" start "$@"
    ;;
  start-one) start_one "${1:?NODE_JAR}" "$(cd "${2:?BASE_DIR}" && pwd)" "${3:?OFFSET}" "${4:?K}" ;;
  kill-one)
    dir="${1:?BASE_DIR}/n${2:?K}"
    if node_running "$dir"; then kill -9 "$(cat "$dir/node.pid")"; echo "objectstorage: node n$2 killed"; fi
    ;;
  stop) [[ -d "${1:?BASE_DIR}" ]] && stop_all "$1" || echo "objectstorage: no nodes in $1" ;;
  status)
    for dir in "${1:?BASE_DIR}"/n*; do
      if node_running "$dir"; then echo "$(basename "$dir") running (pid $(cat "$dir/node.pid"))"; else echo "$(basename "$dir") not running"; fi
    done
    ;;
  *) echo "usage: objectstorage-nodes.sh start|start-one|kill-one|stop|status ..." >&2; exit 2 ;;
esac
