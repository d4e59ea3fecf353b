#!/usr/bin/env bash
# Starts and stops the leaderboard's Redis: one server, or a cluster of 3 masters + 3 replicas.
#
#   redis.sh start   PORT STATE_DIR [WATCH_PID]       one server on PORT (no persistence: a projection)
#   redis.sh cluster PORT STATE_DIR                   six servers on PORT..PORT+5, joined as a cluster
#   redis.sh stop    STATE_DIR                        stops every server started in STATE_DIR
#   redis.sh status  STATE_DIR
#   redis.sh binary                                   prints the redis-server it would run
#
# Which Redis: Debian's redis-server (Redis 7.0) when it is on the PATH; as root, apt-get installs
# it (package redis-server) when missing; otherwise the Redis 6.2.6 Linux binary that the Maven
# Central artifact com.github.codemonstur:embedded-redis ships (wildfly-config unpacks it into
# target/redis): the leaderboard needs Redis 6.2+ (ZADD GT). REDIS_SERVER=/path overrides.
# STATE_DIR holds one folder per server (its pid file, log and cluster config).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
command=${1:?usage: redis.sh start|cluster|stop|status|binary ...}
shift

redis_server() {
  if [[ -n "${REDIS_SERVER:-}" ]]; then echo "$REDIS_SERVER"; return; fi
  if command -v redis-server >/dev/null 2>&1; then command -v redis-server; return; fi
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    if (apt-get install -y -q redis-server >/dev/null 2>&1 \
        || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q redis-server >/dev/null 2>&1; }) \
        && command -v redis-server >/dev/null 2>&1; then
      command -v redis-server; return
    fi
  fi
  local bundled="$here/target/redis/redis-server-6.2.6-v5-linux-amd64"
  if [[ -f "$bundled" ]]; then chmod +x "$bundled"; echo "$bundled"; return; fi
  echo "redis: no redis-server (install Debian's redis-server, or build wildfly-config to unpack the bundled one)" >&2
  return 1
}

ping() {
  local port=$1 out
  out=$(exec 2>/dev/null 3<>"/dev/tcp/127.0.0.1/$port" && printf 'PING\r\n' >&3 && timeout 1 head -c 7 <&3) || return 1
  [[ "$out" == +PONG* ]]
}

# one server: PORT DIR [extra redis-server args...]
start_one() {
  local port=$1 dir=$2
  shift 2
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  if [[ -f "$dir/redis.pid" ]] && kill -0 "$(cat "$dir/redis.pid")" 2>/dev/null; then
    echo "redis: already running on port $port (pid $(cat "$dir/redis.pid"))"
    return 0
  fi
  # a server this script did not start (a leftover of a killed run, a system Redis) would be used in
  # its place: its data is not ours and the fault suite could not kill it. Refuse, naming the port.
  if ping "$port"; then
    echo "redis: port $port already answers, but not a server started in $dir; stop it or choose another port" >&2
    return 1
  fi
  local server
  server=$(redis_server)
  # empty on every start (a projection): a replica's full sync leaves a dump.rdb that would be loaded
  rm -f "$dir/redis.pid" "$dir/nodes.conf" "$dir/dump.rdb" "$dir"/temp-*.rdb
  "$server" --port "$port" --bind 127.0.0.1 --daemonize yes --pidfile "$dir/redis.pid" --dir "$dir" \
      --logfile "$dir/redis.log" --save '' --appendonly no --protected-mode no "$@" || {
        echo "redis: $server failed to start on port $port; see $dir/redis.log" >&2; return 1; }
  for ((i = 0; i < 100; i++)); do
    ping "$port" && { echo "redis: up on 127.0.0.1:$port ($("$server" --version | grep -o 'v=[0-9.]*'), pid $(cat "$dir/redis.pid" 2>/dev/null))"; return 0; }
    sleep 0.1
  done
  echo "redis: no answer on port $port; see $dir/redis.log" >&2
  return 1
}

stop_all() {
  local state_dir=$1 pid
  [[ -d "$state_dir" ]] || { echo "redis: not running"; return 0; }
  for pidfile in $(find "$state_dir" -name redis.pid 2>/dev/null); do
    pid=$(cat "$pidfile" 2>/dev/null || true)
    [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$pidfile"
  done
  echo "redis: stopped ($state_dir)"
}

case "$command" in
  binary) redis_server ;;
  start)
    port=${1:?PORT}; state_dir=${2:?STATE_DIR}; watch_pid=${3:-}
    start_one "$port" "$state_dir/$port"
    if [[ -n "$watch_pid" ]]; then
      nohup bash -c "while kill -0 $watch_pid 2>/dev/null; do sleep 1; done; '$0' stop '$state_dir'" >/dev/null 2>&1 &
    fi
    ;;
  cluster)
    port=${1:?PORT}; state_dir=${2:?STATE_DIR}
    nodes=()
    for ((n = 0; n < 6; n++)); do
      start_one $((port + n)) "$state_dir/$((port + n))" --cluster-enabled yes --cluster-config-file nodes.conf \
          --cluster-node-timeout 2000
      nodes+=("127.0.0.1:$((port + n))")
    done
    # The cluster itself is formed by the Java side (CLUSTER MEET / ADDSLOTS / REPLICATE), which
    # works with every Redis binary; redis-cli is not needed.
    echo "redis: six cluster-enabled servers on ${nodes[*]}"
    ;;
  stop) stop_all "${1:?STATE_DIR}" ;;
  status)
    if find "${1:?STATE_DIR}" -name redis.pid 2>/dev/null | grep -q .; then echo running; else echo "not running"; exit 3; fi ;;
  *) echo "usage: redis.sh start|cluster|stop|status|binary ..." >&2; exit 2 ;;
esac
