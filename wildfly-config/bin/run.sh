#!/usr/bin/env bash
# ./mvnw -Prun ends here: starts Elasticsearch (when it can), deploys the EAR on the dev WildFly
# (H2 files, embedded broker, dev users) and runs it in the foreground. Ctrl-C stops everything
# this script started.
#
#   run.sh JBOSS_HOME EAR ES_HOME VAR_DIR [PSP_SANDBOX_WAR] [OBJECTSTORAGE_NODE_JAR]
#
# Data that must survive restarts and `mvn clean` lives in VAR_DIR: h2/ (databases),
# wildfly/data (transaction log, broker journal), wildfly/log, elasticsearch/, objectstorage/ (data nodes).
set -euo pipefail

jboss_home=$(cd "${1:?JBOSS_HOME}" && pwd)
ear=$(cd "$(dirname "${2:?EAR}")" && pwd)/$(basename "$2")
es_home=${3:?ES_HOME}
var_dir=${4:?VAR_DIR}
psp_war=${5:-}
node_jar=${6:-}
objectstorage_nodes=${RECKON_OBJECTSTORAGE_NODES:-6}
config_dir=$(cd "$(dirname "$0")/.." && pwd)
http_port=${RECKON_HTTP_PORT:-8080}
es_port=${RECKON_ES_PORT:-9200}

mkdir -p "$var_dir"/{h2,wildfly/data,wildfly/log,elasticsearch}
var_dir=$(cd "$var_dir" && pwd)
wildfly_pid=""

stop_all() {
  # Cleanup must finish even when a second signal comes: on Ctrl-C, Maven exits at once and its
  # shutdown hook sends SIGTERM to this script while it waits for WildFly, which used to kill it
  # before it stopped Redis and the data nodes (daemons in sessions of their own, which a signal to
  # the process group does not reach). Maven's exit also closes this script's stdout: without
  # ignoring SIGPIPE, the first echo after it killed the script the same way.
  trap '' INT TERM PIPE
  trap - EXIT
  echo
  echo "reckon: stopping"
  if [[ -n "$wildfly_pid" ]] && kill -0 "$wildfly_pid" 2>/dev/null; then
    kill "$wildfly_pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$wildfly_pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$wildfly_pid" 2>/dev/null || true
  fi
  if [[ "${redis_started:-no}" == yes ]]; then
    bash "$config_dir/bin/redis.sh" stop "$var_dir/redis" || true
  fi
  if [[ "${nodes_started:-no}" == yes ]]; then
    bash "$config_dir/bin/objectstorage-nodes.sh" stop "$var_dir/objectstorage" || true
  fi
  if [[ "${es_started:-no}" == yes ]]; then
    bash "$config_dir/bin/elasticsearch.sh" stop "$var_dir/elasticsearch" || true
  fi
}
trap stop_all INT TERM EXIT

# --- search -----------------------------------------------------------------------------------
search_url="http://127.0.0.1:$es_port"
search_state="off"
if curl -fsS "$search_url/_cluster/health" >/dev/null 2>&1; then
  search_state="on (an Elasticsearch already answers on port $es_port; using it)"
elif bash "$config_dir/bin/elasticsearch.sh" start "$es_home" "$es_port" "$var_dir/elasticsearch" $$; then
  es_started=yes
  search_state="on (Elasticsearch 8.19 started by this command, data in $var_dir/elasticsearch)"
else
  search_state="OFF: Elasticsearch did not start (see $var_dir/elasticsearch/logs); search endpoints answer 503"
fi

# --- leaderboard: one Redis (a projection: nothing on disk; the rebuild refills it) -------------
redis_port=${RECKON_REDIS_PORT:-6379}
if (exec 3<>"/dev/tcp/127.0.0.1/$redis_port") 2>/dev/null && ! bash "$config_dir/bin/redis.sh" status "$var_dir/redis" >/dev/null 2>&1; then
  # like Elasticsearch above: a Redis this command did not start that already answers on the port
  # (a system one) is used; redis.sh itself refuses to start beside it
  redis_state="on (a Redis already answers on 127.0.0.1:$redis_port; using it)"
elif bash "$config_dir/bin/redis.sh" start "$redis_port" "$var_dir/redis" $$; then
  redis_started=yes
  redis_state="on (127.0.0.1:$redis_port, started by this command)"
else
  redis_state="OFF: Redis did not start (see $var_dir/redis); leaderboard reads answer 503, scores are still recorded"
fi

# --- object storage: the data nodes (separate processes; they heartbeat to the S3 listener) ------
objectstorage_state="off (no data node jar given)"
# The dev data nodes run C1 only, as the dev server does: they start beside WildFly on the same
# cores, and their work is I/O (blocks, fsync), not code that C2 would make faster.
export OBJECTSTORAGE_NODE_JAVA_OPTS="${OBJECTSTORAGE_NODE_JAVA_OPTS:--Xms96m -Xmx256m -Xmn64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}"
if [[ -n "$node_jar" && -f "$node_jar" ]]; then
  if bash "$config_dir/bin/objectstorage-nodes.sh" start "$node_jar" "$var_dir/objectstorage" 0 "$objectstorage_nodes" $$; then
    nodes_started=yes
    objectstorage_state="$objectstorage_nodes data nodes on ports 9001-$((9000 + objectstorage_nodes)), blocks in $var_dir/objectstorage"
  else
    objectstorage_state="OFF: the data nodes did not start (see $var_dir/objectstorage/n*/node.log)"
  fi
fi

# --- deploy and start ---------------------------------------------------------------------------
deployments="$jboss_home/standalone/deployments"
rm -rf "$deployments"/reckon.ear*
# Deployed exploded (a directory and a .dodeploy marker), which WildFly deploys in place: a packed
# EAR is first copied into the server's content repository with a SHA-1 of its 22 MB, about a
# second of every start on 2 cores. `jar` ships with every JDK; unzip may not be installed.
jar_tool=${JAVA_HOME:+$JAVA_HOME/bin/jar}
[[ -x "${jar_tool:-}" ]] || jar_tool=$(dirname "$(readlink -f "$(command -v java)")")/jar
mkdir "$deployments/reckon.ear"
(cd "$deployments/reckon.ear" && "$jar_tool" xf "$ear")
touch "$deployments/reckon.ear.dodeploy"
rm -f "$deployments"/psp-sandbox.war*
if [[ -n "$psp_war" && -f "$psp_war" ]]; then
  cp "$psp_war" "$deployments/psp-sandbox.war"
fi

export LAUNCH_JBOSS_IN_BACKGROUND=1
# The dev server's JVM: WildFly's default sizing, plus C1 only (-XX:TieredStopAtLevel=1, as Quarkus's
# dev mode runs). On 2 cores, C2 compiling startup code took ~14 of the ~37 CPU seconds of a start
# and competed with the deployment for the cores; C1 halves a start's CPU. Peak throughput is lower,
# so benchmarks run on the test server, which keeps full tiered compilation. RECKON_JAVA_OPTS
# replaces these options (e.g. RECKON_JAVA_OPTS="-Xms64m -Xmx2g" for C2 and a larger heap).
export JAVA_OPTS="${RECKON_JAVA_OPTS:--Xms64m -Xmx512m -XX:TieredStopAtLevel=1} -Djava.net.preferIPv4Stack=true -Djava.awt.headless=true -Djboss.modules.system.pkgs=org.jboss.byteman"

# --- class data sharing: the classes of a start, archived once and mapped by the next starts ------
# A start loads ~24,000 classes through jboss-modules; parsing and verifying them was about a quarter
# of its CPU. The first start with a given JDK and WildFly archives the classes it loaded, once it is
# ready (`jcmd VM.cds dynamic_dump`, JDK 17; the JVM runs with -XX:+RecordDynamicDumpInfo for it),
# into $var_dir/wildfly/cds/; every later start maps that archive (-XX:SharedArchiveFile) and defines
# each class from it. The JVM checks each archived class of a custom class loader against the class
# file's size and CRC, so a class changed since the archive was written is loaded from its jar
# again: a stale archive costs speed, never correctness, and an unusable one is ignored
# (-Xshare:auto). The archive is written under a temporary name and renamed only once whole.
# RECKON_CDS=off runs without it; RECKON_CDS=refresh records it again.
cds_dir="$var_dir/wildfly/cds"
java_cmd=${JAVA_HOME:+$JAVA_HOME/bin/}java
jdk_bin=$(dirname "$(readlink -f "$(command -v "$java_cmd")")")
cds_key=$(printf '%s|%s' "$("$java_cmd" -version 2>&1 | tr '\n' ' ')" "$jboss_home" | cksum | cut -d' ' -f1)
cds_archive="$cds_dir/reckon-$cds_key.jsa"
cds_record=no
cds_state="off (RECKON_CDS=off)"
if [[ "${RECKON_CDS:-on}" != off ]]; then
  [[ "${RECKON_CDS:-on}" == refresh ]] && rm -f "$cds_archive"
  mkdir -p "$cds_dir"
  if [[ -s "$cds_archive" ]]; then
    JAVA_OPTS="$JAVA_OPTS -XX:SharedArchiveFile=$cds_archive -Xlog:cds*=off"
    cds_state="mapped ($cds_archive)"
  elif [[ -x "$jdk_bin/jcmd" ]]; then
    JAVA_OPTS="$JAVA_OPTS -XX:+RecordDynamicDumpInfo -Xlog:cds*=off"
    cds_record=yes
  else
    cds_state="off (no jcmd in $jdk_bin to record it)"
  fi
fi
started=$(date +%s%N)
"$jboss_home/bin/standalone.sh" -c standalone-full.xml \
    -P "$config_dir/env/dev.properties" \
    -Dreckon.data.dir="$var_dir" \
    -Djboss.server.data.dir="$var_dir/wildfly/data" \
    -Djboss.server.log.dir="$var_dir/wildfly/log" \
    -Djboss.http.port="$http_port" \
    -Dreckon.search.url="$search_url" \
    -Dreckon.leaderboard.redis.uri="redis://127.0.0.1:$redis_port" \
    -Dreckon.public.url="http://localhost:$http_port" \
    -Dreckon.psp.url="http://localhost:$http_port/psp-sandbox" &
wildfly_pid=$!

ready=""
for _ in $(seq 1 600); do
  if [[ -f "$deployments/reckon.ear.failed" ]]; then
    echo "reckon: deployment FAILED: $(cat "$deployments/reckon.ear.failed")" >&2
    exit 1
  fi
  if ! kill -0 "$wildfly_pid" 2>/dev/null; then
    echo "reckon: WildFly exited during start; see $var_dir/wildfly/log/server.log" >&2
    exit 1
  fi
  if [[ -f "$deployments/reckon.ear.deployed" ]] \
      && status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$http_port/health/ready") \
      && [[ "$status" == 200 || "$status" == 503 ]]; then
    ready=$status
    break
  fi
  sleep 0.2
done
if [[ -z "$ready" ]]; then
  echo "reckon: not ready after 120 s; see $var_dir/wildfly/log/server.log" >&2
  exit 1
fi
elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))

if [[ "$cds_record" == yes ]]; then
  echo "reckon: first start with this JDK and WildFly: archiving the loaded classes for the next starts (the server pauses a few seconds)"
  java_pid=$(pgrep -P "$wildfly_pid" java | head -1 || true)
  dump_started=$(date +%s%N)
  rm -f "$cds_archive.new"
  if [[ -n "$java_pid" ]] && "$jdk_bin/jcmd" "$java_pid" VM.cds dynamic_dump "$cds_archive.new" >"$cds_dir/dump.log" 2>&1 \
      && [[ -s "$cds_archive.new" ]]; then
    mv -f "$cds_archive.new" "$cds_archive"
    cds_state="recorded in $(( ($(date +%s%N) - dump_started) / 1000000 )) ms; the next start maps $cds_archive"
  else
    rm -f "$cds_archive.new"
    cds_state="not recorded (see $cds_dir/dump.log); this start runs without it"
  fi
fi

sandbox_line=""
if [[ -n "$psp_war" && -f "$psp_war" ]]; then
  sandbox_line="   PSP sandbox      http://localhost:$http_port/psp-sandbox/    (test cards, fault switches; dev only)"
fi

# Every URL below answers 200 when copied as written (FrontDoorIT checks them on the test server).
cat <<INFO

================================================================================================
 Reckon is up (ready in ${elapsed_ms} ms; /health/ready answered $ready)
   Start here       http://localhost:$http_port/                (the landing page links everything below)
   Book a hotel     http://localhost:$http_port/hotels/         (log in as alice/alice)
   API              http://localhost:$http_port/v1/hotels?city=Paris
                    http://localhost:$http_port/v1/hotels/search?q=wifi&city=Paris
   API docs         http://localhost:$http_port/api-docs/       (Swagger UI of http://localhost:$http_port/openapi)
   Health           http://localhost:$http_port/health/ready    (server-level checks: http://localhost:9990/health)
   Metrics          http://localhost:9990/prometheus
$sandbox_line
   Users (dev)      admin/admin (admin, staff)  staff/staff  alice/alice  bob/bob  game/game (game)
   Databases        H2 files in $var_dir/h2
   Broker journal   $var_dir/wildfly/data/activemq
   Class archive    $cds_state
   Search           $search_state
   Leaderboard      http://localhost:$http_port/leaderboard/   (Redis $redis_state; game/game posts scores)
   Object storage   $objectstorage_state
   S3 endpoint      http://localhost:9000   (path-style; alice's key RKIADEVALICE0000001 / reckon-dev-alice-secret-0000000000000000)
 Ctrl-C stops WildFly and everything this command started.
================================================================================================

INFO
wait "$wildfly_pid" || true
