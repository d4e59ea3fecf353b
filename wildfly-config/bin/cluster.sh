#!/usr/bin/env bash
# ./mvnw -Prun-cluster ends here (issue 16): Reckon on a two-node WildFly cluster behind WildFly's
# own load balancer, on one PostgreSQL, one Elasticsearch, one Redis and one set of object-storage
# data nodes, in the foreground.
# Ctrl-C (or SIGTERM) stops everything this script started.
#
#   cluster.sh JBOSS_HOME EAR ES_HOME VAR_DIR PSP_WAR POSTGRESQL_JAR [OBJECTSTORAGE_NODE_JAR]
#
# JBOSS_HOME is an unpacked WildFly of its own (wildfly-config/target/wildfly-cluster), configured
# here on the first start:
#   standalone-full-ha.xml         the nodes   (ORDER line "cluster", cluster.cli on top of the platform's scripts)
#   standalone-load-balancer.xml   the balancer (balancer/cluster-balancer.cli: mod_cluster, no multicast)
#   standalone-full.xml            the PSP sandbox's server, a third party that does not die with a node (ORDER line "test")
#
# Processes and ports (B = RECKON_CLUSTER_OFFSET, default 0; every port shifts with it):
#   balancer   http 8080+B          the only URL clients use; MCMP (node registration) on 8090+B;
#              S3 9000+B            object storage (Undertow's reverse proxy to the nodes' S3 listeners, 9000 + each node's offset)
#   node1      port offset B+300    jboss.node.name and Narayana node identifier reckon-c1 (equal: Idempotency-Key claims name the latter, the cluster view the former)
#   node2      port offset B+350    jboss.node.name and Narayana node identifier reckon-c2
#   PSP        port offset B+380    http 8460+B
#   PostgreSQL 5432+B   Elasticsearch 9200+B   Redis 6379+B
#   data nodes 9001+B .. 9000+B+N (N = RECKON_OBJECTSTORAGE_NODES, default 6): each beats to BOTH
#              nodes' S3 listeners, since each node keeps its own cluster map; blocks in VAR_DIR/cluster/objectstorage
# Every node has a server base directory of its own under VAR_DIR/cluster/<node> (its data/:
# transaction object store, Artemis journal; its log/), so a restarted node recovers its own
# branches and redelivers its own broker's messages. Data survives restarts of this script.
#
# Environment: RECKON_CLUSTER_OFFSET (above); RECKON_CLUSTER_NODE_OFFSETS ("300 350" above B) and
# RECKON_CLUSTER_PSP_OFFSET (B+380) to place the servers elsewhere; RECKON_JAVA_OPTS (each node's heap and JIT, default
# "-Xms128m -Xmx768m"); RECKON_CLUSTER_NODE_ARGS (more -D options for both nodes); RECKON_CLUSTER_NODES=1 starts node1 only (the one-node baseline of
# benchmark/cluster.sh, same balancer). Once up, VAR_DIR/cluster/pids lists this script's pid (SIGTERM
# to it stops everything) and each server's launcher pid.
set -euo pipefail

config_dir=$(cd "$(dirname "$0")/.." && pwd)

jboss_home=$(cd "${1:?JBOSS_HOME}" && pwd)
ear=$(cd "$(dirname "${2:?EAR}")" && pwd)/$(basename "$2")
es_home=${3:?ES_HOME}
mkdir -p "${4:?VAR_DIR}/cluster"
var_dir=$(cd "$4" && pwd)
psp_war=${5:?PSP_WAR}
postgresql_jar=${6:?POSTGRESQL_JAR}
node_jar=${7:-}
objectstorage_nodes=${RECKON_OBJECTSTORAGE_NODES:-6}
cluster_dir="$var_dir/cluster"

base=${RECKON_CLUSTER_OFFSET:-0}
balancer_offset=$base
read -r -a node_offsets <<< "${RECKON_CLUSTER_NODE_OFFSETS:-$((base + 300)) $((base + 350))}"
node_names=(node1 node2)
node_count=${RECKON_CLUSTER_NODES:-2}
psp_offset=${RECKON_CLUSTER_PSP_OFFSET:-$((base + 380))}
pg_port=$((5432 + base))
es_port=$((9200 + base))
redis_port=$((6379 + base))
balancer_url="http://127.0.0.1:$((8080 + balancer_offset))"
psp_url="http://127.0.0.1:$((8080 + psp_offset))"
# PostgreSQL's server binaries: RECKON_PG_BIN, else initdb on the PATH, else Debian's newest /usr/lib/postgresql/<n>/bin
pg_bin=${RECKON_PG_BIN:-$(dirname "$(readlink -f "$(command -v initdb || ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -1 || echo initdb)")")}
[[ -x "$pg_bin/initdb" && -x "$pg_bin/pg_ctl" ]] || {
  echo "cluster: no PostgreSQL server binaries (initdb, pg_ctl) found; install them (Debian: apt-get install postgresql) or set RECKON_PG_BIN" >&2
  exit 2
}

declare -A pids=()

stop_all() {
  trap '' INT TERM PIPE
  trap - EXIT
  echo
  echo "cluster: stopping"
  for name in balancer node2 node1 psp; do
    local pid=${pids[$name]:-}
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
    fi
  done
  for name in balancer node2 node1 psp; do
    local pid=${pids[$name]:-}
    [[ -n "$pid" ]] || continue
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  done
  [[ "${nodes_started:-no}" == yes ]] && { bash "$config_dir/bin/objectstorage-nodes.sh" stop "$cluster_dir/objectstorage" || true; }
  [[ "${redis_started:-no}" == yes ]] && { bash "$config_dir/bin/redis.sh" stop "$cluster_dir/redis" || true; }
  [[ "${es_started:-no}" == yes ]] && { bash "$config_dir/bin/elasticsearch.sh" stop "$cluster_dir/elasticsearch" || true; }
  if [[ "${pg_started:-no}" == yes ]]; then
    runuser -u postgres -- "$pg_bin/pg_ctl" -D "$cluster_dir/postgresql" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -f "$cluster_dir/pids"
}
trap stop_all EXIT
trap 'exit 130' INT TERM

# --- provisioning (first start only; each step leaves a marker) ---------------------------------
chmod +x "$jboss_home"/bin/*.sh
if [[ ! -f "$jboss_home/.reckon-cluster-configured" ]]; then
  bash "$config_dir/bin/configure-server.sh" "$jboss_home" test "$postgresql_jar"
  RECKON_SERVER_CONFIG=standalone-full-ha.xml bash "$config_dir/bin/configure-server.sh" "$jboss_home" cluster "$postgresql_jar"
  JAVA_OPTS="-Xms64m -Xmx256m" "$jboss_home/bin/jboss-cli.sh" \
      --file="$config_dir/src/main/cli/balancer/cluster-balancer.cli" >"$jboss_home/reckon-configure-balancer.log" 2>&1 || {
    echo "cluster: configuring the balancer failed; see $jboss_home/reckon-configure-balancer.log" >&2; exit 1; }
  touch "$jboss_home/.reckon-cluster-configured"
fi

# --- PostgreSQL (the system's, run as the user postgres: it refuses root) -----------------------
pg_dir="$cluster_dir/postgresql"
if [[ ! -f "$pg_dir/PG_VERSION" ]]; then
  mkdir -p "$pg_dir"
  chown postgres "$pg_dir"
  runuser -u postgres -- "$pg_bin/initdb" -D "$pg_dir" -U postgres -A trust >/dev/null
  {
    echo "max_prepared_transactions = 200"
    echo "max_connections = 400"
    echo "listen_addresses = '127.0.0.1'"
    echo "unix_socket_directories = '$pg_dir'"
  } >> "$pg_dir/postgresql.conf"
  pg_fresh=yes
fi
runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir" -o "-p $pg_port" -l "$pg_dir/server.log" -w start >/dev/null
pg_started=yes
if [[ "${pg_fresh:-no}" == yes ]]; then
  psql_admin=(runuser -u postgres -- psql -h 127.0.0.1 -p "$pg_port" -U postgres -q -v ON_ERROR_STOP=1)
  "${psql_admin[@]}" -c "CREATE ROLE reckon LOGIN PASSWORD 'reckon'"
  for db in reckon_payment reckon_ledger reckon_hotel reckon_leaderboard reckon_wallet_0 reckon_wallet_1 reckon_objectstorage; do
    "${psql_admin[@]}" -c "CREATE DATABASE $db OWNER reckon"
  done
fi

# --- Elasticsearch and Redis (one each, shared by the nodes) ------------------------------------
search_url="http://127.0.0.1:$es_port"
if bash "$config_dir/bin/elasticsearch.sh" start "$es_home" "$es_port" "$cluster_dir/elasticsearch" $$; then
  es_started=yes
  search_state="on ($search_url)"
else
  search_state="OFF: Elasticsearch did not start (see $cluster_dir/elasticsearch/logs)"
fi
if bash "$config_dir/bin/redis.sh" start "$redis_port" "$cluster_dir/redis" $$; then
  redis_started=yes
  redis_state="on (127.0.0.1:$redis_port)"
else
  redis_state="OFF: Redis did not start"
fi

# --- the WildFly servers --------------------------------------------------------------------------
jar_tool=${JAVA_HOME:+$JAVA_HOME/bin/jar}
[[ -x "${jar_tool:-}" ]] || jar_tool=$(dirname "$(readlink -f "$(command -v java)")")/jar

# prepare NAME: a base directory of its own, its configuration fresh from the installation, its data kept
prepare() {
  local dir="$cluster_dir/$1"
  mkdir -p "$dir/deployments" "$dir/data" "$dir/log"
  rm -rf "$dir/configuration"
  cp -r "$jboss_home/standalone/configuration" "$dir/configuration"
  rm -rf "$dir/configuration/standalone_xml_history" "$dir/deployments"/*
}

# launch NAME CONFIG OFFSET ARGS...: starts a server in the background, its console in <dir>/console.log
launch() {
  local name=$1 config=$2 offset=$3
  shift 3
  local dir="$cluster_dir/$name"
  JAVA_OPTS="${RECKON_JAVA_OPTS:--Xms128m -Xmx768m} -Djava.net.preferIPv4Stack=true -Djava.awt.headless=true" \
    JBOSS_BASE_DIR="$dir" JBOSS_LOG_DIR="$dir/log" LAUNCH_JBOSS_IN_BACKGROUND=1 \
    "$jboss_home/bin/standalone.sh" -c "$config" -Djboss.server.base.dir="$dir" \
      -Djboss.socket.binding.port-offset="$offset" "$@" >>"$dir/console.log" 2>&1 &
  pids[$name]=$!
}

# await NAME URL DEPLOYMENT: waits (at most 240 s) until URL answers 200 or 503 and, if given, DEPLOYMENT is deployed
await() {
  local name=$1 url=$2 deployment=${3:-} status
  for _ in $(seq 1 480); do
    if [[ -n "$deployment" && -f "$cluster_dir/$name/deployments/$deployment.failed" ]]; then
      echo "cluster: $name: deployment FAILED: $(cat "$cluster_dir/$name/deployments/$deployment.failed")" >&2
      return 1
    fi
    kill -0 "${pids[$name]}" 2>/dev/null || { echo "cluster: $name exited; see $cluster_dir/$name/log/server.log" >&2; return 1; }
    if [[ -z "$deployment" || -f "$cluster_dir/$name/deployments/$deployment.deployed" ]] \
        && status=$(curl -s -o /dev/null -w '%{http_code}' "$url") && [[ "$status" == 200 || "$status" == 503 ]]; then
      return 0
    fi
    sleep 0.5
  done
  echo "cluster: $name not ready after 240 s; see $cluster_dir/$name/log/server.log" >&2
  return 1
}

# --- object storage: the data nodes, beating to both nodes' S3 listeners -------------------------
objectstorage_state="off (no data node jar given)"
export OBJECTSTORAGE_NODE_JAVA_OPTS="${OBJECTSTORAGE_NODE_JAVA_OPTS:--Xms96m -Xmx256m -Xmn64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}"
if [[ -n "$node_jar" && -f "$node_jar" ]]; then
  heartbeat_urls=()
  for ((i = 0; i < node_count; i++)); do heartbeat_urls+=("http://127.0.0.1:$((9000 + node_offsets[i]))/_reckon/heartbeat"); done
  OBJECTSTORAGE_HEARTBEAT_URLS=$(IFS=,; echo "${heartbeat_urls[*]}")
  export OBJECTSTORAGE_HEARTBEAT_URLS
  if bash "$config_dir/bin/objectstorage-nodes.sh" start "$node_jar" "$cluster_dir/objectstorage" "$base" "$objectstorage_nodes" $$; then
    nodes_started=yes
    objectstorage_state="S3 $(printf 'http://127.0.0.1:%d' $((9000 + balancer_offset))) (the balancer); $objectstorage_nodes data nodes on ports $((9001 + base))-$((9000 + base + objectstorage_nodes))"
  else
    objectstorage_state="OFF: the data nodes did not start (see $cluster_dir/objectstorage/n*/node.log)"
  fi
fi

started=$(date +%s%N)
prepare psp
cp "$psp_war" "$cluster_dir/psp/deployments/psp-sandbox.war"
launch psp standalone-full.xml "$psp_offset" -P "$config_dir/env/test.properties" -Dreckon.db.port="$pg_port" \
  -Dreckon.search.url="$search_url" -Dreckon.tx.node=reckon-cpsp

prepare balancer
launch balancer standalone-load-balancer.xml "$balancer_offset" \
  -Dreckon.cluster.node.1.s3.port=$((9000 + node_offsets[0])) -Dreckon.cluster.node.2.s3.port=$((9000 + node_offsets[1]))

node_args=(-P "$config_dir/env/cluster.properties"
  -Dreckon.db.port="$pg_port"
  -Dreckon.search.url="$search_url"
  -Dreckon.leaderboard.redis.uri="redis://127.0.0.1:$redis_port"
  -Dreckon.public.url="$balancer_url"
  -Dreckon.psp.url="$psp_url/psp-sandbox"
  -Dreckon.cluster.peer.1.port=$((7600 + node_offsets[0]))
  -Dreckon.cluster.peer.2.port=$((7600 + node_offsets[1]))
  -Dreckon.cluster.balancer.mcmp.port=$((8090 + balancer_offset)))
# shellcheck disable=SC2206
node_args+=(${RECKON_CLUSTER_NODE_ARGS:-})
# start_node I: node I with a fresh configuration and the EAR, on the data it has (a restart recovers its branches)
start_node() {
  local i=$1 name=${node_names[$1]}
  prepare "$name"
  mkdir "$cluster_dir/$name/deployments/reckon.ear"
  (cd "$cluster_dir/$name/deployments/reckon.ear" && "$jar_tool" xf "$ear")
  touch "$cluster_dir/$name/deployments/reckon.ear.dodeploy"
  launch "$name" standalone-full-ha.xml "${node_offsets[$i]}" "${node_args[@]}" \
    -Djboss.node.name="reckon-c$((i + 1))" -Dreckon.tx.node="reckon-c$((i + 1))"
}
for ((i = 0; i < node_count; i++)); do
  name=${node_names[$i]}
  start_node "$i"
  # the first node becomes the JGroups coordinator (and so runs the singleton work) before the second joins
  await "$name" "http://127.0.0.1:$((8080 + node_offsets[$i]))/health/ready" reckon.ear
done
await psp "$psp_url/psp-sandbox/api/v1/faults" psp-sandbox.war
# the balancer answers once a node has registered its context (mod_cluster's status interval: ~10 s)
await balancer "$balancer_url/health/ready"
elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
{ echo $$; for name in "${!pids[@]}"; do echo "$name ${pids[$name]}"; done; } > "$cluster_dir/pids"

cat <<INFO

================================================================================================
 Reckon cluster is up (in ${elapsed_ms} ms)
   Balancer         $balancer_url/   (mod_cluster on standalone-load-balancer.xml; use only this URL)
   Nodes            $(for ((i = 0; i < node_count; i++)); do printf '%s http://127.0.0.1:%d (tx node reckon-c%d)  ' "${node_names[$i]}" $((8080 + node_offsets[i])) $((i + 1)); done)
   PSP sandbox      $psp_url/psp-sandbox/
   Users (dev)      admin/admin  staff/staff  alice/alice  bob/bob  game/game
   PostgreSQL       127.0.0.1:$pg_port (data in $pg_dir)
   Search           $search_state
   Redis            $redis_state
   Object storage   $objectstorage_state
   Logs             $cluster_dir/<node>/log/server.log
 Ctrl-C stops the cluster and everything this command started.
================================================================================================

INFO
# Until Ctrl-C / SIGTERM. A node that dies does not end the cluster; `touch VAR_DIR/cluster/restart.node1`
# starts a dead node1 again on its own data (benchmark/cluster.sh does, after its SIGKILL).
while :; do
  for ((i = 0; i < node_count; i++)); do
    name=${node_names[$i]}
    if [[ -f "$cluster_dir/restart.$name" ]]; then
      rm -f "$cluster_dir/restart.$name"
      if kill -0 "${pids[$name]}" 2>/dev/null; then
        echo "cluster: $name is running; not restarted"
      else
        echo "cluster: restarting $name"
        start_node "$i"
        { echo $$; for n in "${!pids[@]}"; do echo "$n ${pids[$n]}"; done; } > "$cluster_dir/pids"
      fi
    fi
  done
  sleep 1
done
