#!/usr/bin/env bash
# Configures an unpacked WildFly for one environment by running the CLI scripts of
# src/main/cli in the order src/main/cli/ORDER gives for it. Every script is guarded, so running
# this again on a configured server changes nothing.
#
# ORDER names concerns. For each, the platform's script (src/main/cli/NAME.cli) runs if there is
# one, then every context's (src/main/cli/<context>/NAME.cli): a context adds its datasource or its
# queues by adding a file to its folder, without editing ORDER or another context's script.
#
#   configure-server.sh JBOSS_HOME ENV [POSTGRESQL_JAR]     ENV = dev | test | prod
set -euo pipefail

jboss_home=$(cd "${1:?JBOSS_HOME}" && pwd)
env_name=${2:?ENV (dev, test or prod)}
postgresql_jar=${3:-}
config_dir=$(cd "$(dirname "$0")/.." && pwd)
cli_dir="$config_dir/src/main/cli"

scripts=$(sed -n "s/^$env_name:[[:space:]]*//p" "$cli_dir/ORDER")
if [[ -z "$scripts" ]]; then
  echo "configure-server: no '$env_name:' line in $cli_dir/ORDER" >&2
  exit 2
fi

# CLI-time properties (only the driver jar's path); everything else stays a runtime expression.
cli_properties=$(mktemp)
trap 'rm -f "$cli_properties"' EXIT
echo "reckon.postgresql.jar=$postgresql_jar" > "$cli_properties"

chmod +x "$jboss_home"/bin/*.sh
started=$(date +%s)
# One embedded server for all the scripts (booting it costs ~10 s): each script's body, without
# its own embed-server/stop-embedded-server lines, in ORDER. Each script also runs on its own.
combined="$jboss_home/reckon-configure-$env_name.cli"
{
  echo "embed-server --server-config=standalone-full.xml --std-out=echo"
  for script in $scripts; do
    found=0
    for file in "$cli_dir/$script.cli" "$cli_dir"/*/"$script.cli"; do
      [[ -f "$file" ]] || continue
      found=1
      echo "# ---- ${file#"$cli_dir/"}"
      grep -vE '^[[:space:]]*(embed-server|stop-embedded-server)([[:space:]]|$)' "$file"
    done
    (( found )) || { echo "configure-server: no $script.cli in $cli_dir or its context folders" >&2; exit 2; }
  done
  echo "stop-embedded-server"
} > "$combined"
# TLS (issue 11): the HTTPS listener of standalone-full (port 8443 + offset) uses the keystore
# applicationKS, standalone/configuration/application.keystore. Dev and test get one generated now,
# at provisioning (self-signed, CN=localhost, SAN localhost and 127.0.0.1, 2048-bit RSA), rather than
# WildFly's lazy one at the first handshake; prod installs its own certificate there (README).
if [[ "$env_name" != prod ]]; then
  keystore="$jboss_home/standalone/configuration/application.keystore"
  if [[ ! -f "$keystore" ]]; then
    "${JAVA_HOME:+$JAVA_HOME/bin/}keytool" -genkeypair -alias server -keyalg RSA -keysize 2048 -validity 825 \
      -dname "CN=localhost" -ext "SAN=dns:localhost,ip:127.0.0.1" -storetype JKS -keystore "$keystore" \
      -storepass password -keypass password >/dev/null 2>&1
    echo "configure-server [$env_name]: generated $keystore (self-signed, CN=localhost)"
  fi
fi
# Bearer tokens (issue 11): the RS256 signing key of POST /v1/auth/token and of the token realm
# (security.cli, which needs it to exist: generated before the scripts run), in every environment: a key
# made for this server. In prod its password must come from RECKON_JWT_KEYSTORE_PASSWORD, here and at run time.
if [[ "$env_name" == prod && -z "${RECKON_JWT_KEYSTORE_PASSWORD:-}" ]]; then
  echo "configure-server: set RECKON_JWT_KEYSTORE_PASSWORD (the token signing keystore's password) for prod" >&2
  exit 2
fi
if true; then
  jwt_keystore="$jboss_home/standalone/configuration/reckon-jwt.keystore"
  if [[ ! -f "$jwt_keystore" ]]; then
    "${JAVA_HOME:+$JAVA_HOME/bin/}keytool" -genkeypair -alias jwt -keyalg RSA -keysize 2048 -validity 825 \
      -dname "CN=reckon-jwt" -storetype PKCS12 -keystore "$jwt_keystore" \
      -storepass "${RECKON_JWT_KEYSTORE_PASSWORD:-reckon-dev-jwt}" >/dev/null 2>&1
    echo "configure-server [$env_name]: generated $jwt_keystore (token signing key)"
  fi
fi
echo "configure-server [$env_name]: $scripts"
JAVA_OPTS="-Xms64m -Xmx512m" "$jboss_home/bin/jboss-cli.sh" --file="$combined" \
    --properties="$cli_properties" >"$jboss_home/reckon-configure-$env_name.log" 2>&1 || {
  echo "configure-server: CLI failed; last lines of $jboss_home/reckon-configure-$env_name.log:" >&2
  tail -40 "$jboss_home/reckon-configure-$env_name.log" >&2
  exit 1
}
echo "configure-server [$env_name]: $jboss_home configured in $(( $(date +%s) - started )) s"
