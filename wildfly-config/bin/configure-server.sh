#!/usr/bin/env bash
# Configures an unpacked WildFly for one environment by running the CLI scripts of
# src/main/cli in the order src/main/cli/ORDER gives for it. Every script is guarded, so running
# this again on a configured server changes nothing.
#
# ORDER names concerns. For each, the platform's script (src/main/cli/NAME.cli) runs if there is
# one, then every context's (src/main/cli/<context>/NAME.cli): a context adds its datasource or its
# queues by adding a file to its folder, without editing ORDER or another context's script.
#
#   configure-server.sh JBOSS_HOME ENV [POSTGRESQL_JAR]     ENV = dev | test | prod | cluster
#
# RECKON_SERVER_CONFIG names the configuration file to write (default standalone-full.xml); the
# two-node cluster (ENV=cluster, bin/cluster.sh) writes standalone-full-ha.xml.
set -euo pipefail
server_config=${RECKON_SERVER_CONFIG:-standalone-full.xml}

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
# The verified-password cache realm (issue 15; security.cli's ReckonVerifiedRealm): one class,
# src/main/realm, compiled against this server's own Elytron and MSC jars and installed as the JBoss
# module org.reckon.security.realm. Rebuilt when its source is newer than the installed jar; each
# rebuild first runs src/test/realm/VerifiedPasswordCacheRealmCheck (bcrypt hashes in a real Elytron
# realm, counting the checks that reach it) and refuses to install a realm that fails it.
realm_src="$config_dir/src/main/realm/org/reckon/platform/security/VerifiedPasswordCacheRealm.java"
realm_check="$config_dir/src/test/realm/VerifiedPasswordCacheRealmCheck.java"
realm_module="$jboss_home/modules/org/reckon/security/realm/main"
if [[ ! -f "$realm_module/reckon-security-realm.jar" || "$realm_src" -nt "$realm_module/reckon-security-realm.jar" \
      || "$realm_check" -nt "$realm_module/reckon-security-realm.jar" ]]; then
  layers="$jboss_home/modules/system/layers/base"
  realm_cp=$(ls "$layers"/org/wildfly/security/elytron-base/main/*.jar "$layers"/org/jboss/msc/main/*.jar \
    "$layers"/org/jboss/as/server/main/*.jar "$layers"/org/wildfly/common/main/*.jar "$layers"/org/jboss/logging/main/*.jar | tr '\n' ':')
  realm_build=$(mktemp -d)
  "${JAVA_HOME:+$JAVA_HOME/bin/}javac" -nowarn -XDsuppressNotes --release 17 -cp "$realm_cp" -d "$realm_build/classes" "$realm_src"
  "${JAVA_HOME:+$JAVA_HOME/bin/}javac" -nowarn -XDsuppressNotes --release 17 -cp "$realm_build/classes:$realm_cp" -d "$realm_build/check" "$realm_check"
  "${JAVA_HOME:+$JAVA_HOME/bin/}java" -cp "$realm_build/classes:$realm_build/check:$realm_cp" VerifiedPasswordCacheRealmCheck
  mkdir -p "$realm_module"
  "${JAVA_HOME:+$JAVA_HOME/bin/}jar" --create --file "$realm_module/reckon-security-realm.jar" -C "$realm_build/classes" .
  cat > "$realm_module/module.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<module name="org.reckon.security.realm" xmlns="urn:jboss:module:1.9">
    <resources>
        <resource-root path="reckon-security-realm.jar"/>
    </resources>
    <dependencies>
        <module name="org.wildfly.security.elytron-private"/>
        <module name="org.jboss.msc"/>
        <module name="org.jboss.as.server"/>
    </dependencies>
</module>
EOF
  rm -rf "$realm_build"
  echo "configure-server [$env_name]: installed module org.reckon.security.realm"
fi
# The PostgreSQL driver's module also carries ReckonPGXADataSource (src/main/jdbc), the XA data
# source class of the "postgresql" JDBC driver (postgresql-driver.cli): pgjdbc reports an XA call
# cut short by a server going away (SQLSTATE 57P01 during a fast shutdown) as XAER_RMERR, which
# Narayana takes as a heuristic outcome and never recovers; the class reports XAER_RMFAIL instead.
# Built against the driver jar given; when the installed module lacks it or it is older than its
# source, the module is removed so that postgresql-driver.cli adds it again with both jars. Each
# build first runs src/test/jdbc/XaErrorsCheck and refuses to install a class that fails it.
if [[ -n "$postgresql_jar" && " $scripts " == *" postgresql-driver "* ]]; then
  xa_src="$config_dir/src/main/jdbc/org/reckon/platform/jdbc/ReckonPGXADataSource.java"
  xa_check="$config_dir/src/test/jdbc/XaErrorsCheck.java"
  pg_module="$jboss_home/modules/org/postgresql/main"
  xa_build=$(mktemp -d)
  trap 'rm -f "$cli_properties"; rm -rf "$xa_build"' EXIT
  if [[ ! -f "$pg_module/reckon-postgresql-xa.jar" || "$xa_src" -nt "$pg_module/reckon-postgresql-xa.jar" \
        || "$xa_check" -nt "$pg_module/reckon-postgresql-xa.jar" ]]; then
    "${JAVA_HOME:+$JAVA_HOME/bin/}javac" -nowarn -XDsuppressNotes --release 17 -cp "$postgresql_jar" -d "$xa_build/classes" "$xa_src"
    "${JAVA_HOME:+$JAVA_HOME/bin/}javac" -nowarn -XDsuppressNotes --release 17 -cp "$xa_build/classes:$postgresql_jar" -d "$xa_build/check" "$xa_check"
    "${JAVA_HOME:+$JAVA_HOME/bin/}java" -cp "$xa_build/classes:$xa_build/check:$postgresql_jar" XaErrorsCheck
    "${JAVA_HOME:+$JAVA_HOME/bin/}jar" --create --file "$xa_build/reckon-postgresql-xa.jar" -C "$xa_build/classes" .
    rm -rf "$pg_module"
    echo "configure-server [$env_name]: built ReckonPGXADataSource; the org.postgresql module is (re)installed with it"
  fi
  echo "reckon.postgresql.xa.jar=$xa_build/reckon-postgresql-xa.jar" >> "$cli_properties"
fi
# One embedded server for all the scripts (booting it costs ~10 s): each script's body, without
# its own embed-server/stop-embedded-server lines, in ORDER. Each script also runs on its own.
combined="$jboss_home/reckon-configure-$env_name.cli"
{
  echo "embed-server --server-config=$server_config --std-out=echo"
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
# Bearer tokens (issue 11): the RS256 key pair that signs POST /v1/auth/token's tokens lives in the
# Elytron credential store standalone/configuration/reckon-jwt.cs (KeyStoreCredentialStore, PKCS12,
# alias "jwt", a KeyPairCredential; its password RECKON_JWT_KEYSTORE_PASSWORD, "reckon-dev-jwt" outside
# prod). Dev and test: generated now, at provisioning, with WildFly's elytron-tool (WildFly 39's
# management model has no key-pair operation on a credential-store; the tool has). Prod: the operator
# installs it (README), and provisioning refuses to go on without it. Then, in every environment, its
# public key is exported (OpenSSH format), turned into PEM (JwtPublicKey.java) and kept in the
# system property reckon.jwt.public-key, from which the token realm (security.cli) validates tokens.
jwt_store="$jboss_home/standalone/configuration/reckon-jwt.cs"
jwt_store_password="${RECKON_JWT_KEYSTORE_PASSWORD:-reckon-dev-jwt}"
elytron_tool() {
  JAVA_OPTS="-Xms32m -Xmx128m" "$jboss_home/bin/elytron-tool.sh" credential-store --location "$jwt_store" \
    --password "$jwt_store_password" --properties "keyStoreType=PKCS12" "$@"
}
if [[ "$env_name" == prod ]]; then
  if [[ -z "${RECKON_JWT_KEYSTORE_PASSWORD:-}" || "$RECKON_JWT_KEYSTORE_PASSWORD" == reckon-dev-jwt ]]; then
    echo "configure-server: set RECKON_JWT_KEYSTORE_PASSWORD (the token signing credential store's password, not the dev one) for prod" >&2
    exit 2
  fi
  if [[ ! -f "$jwt_store" ]]; then
    echo "configure-server: install the token signing key pair (alias jwt) in the credential store $jwt_store first (README, Production)" >&2
    exit 2
  fi
elif [[ ! -f "$jwt_store" ]]; then
  elytron_tool --create >/dev/null
  elytron_tool --generate-key-pair jwt --algorithm RSA --size 2048 >/dev/null
  echo "configure-server [$env_name]: generated $jwt_store (token signing key pair, alias jwt)"
fi
jwt_public_key=$(elytron_tool --export-key-pair-public-key jwt | grep '^ssh-rsa ' \
  | "${JAVA_HOME:+$JAVA_HOME/bin/}java" "$config_dir/bin/JwtPublicKey.java") || {
  echo "configure-server: no RSA key pair 'jwt' in $jwt_store (or a wrong RECKON_JWT_KEYSTORE_PASSWORD)" >&2
  exit 2
}
# the public key first (security.cli's token realm reads it); rewritten on every run, so a new key pair is picked up
jwt_cli=$(mktemp)
{
  echo "embed-server --server-config=$server_config --std-out=echo"
  echo "if (outcome != success) of /system-property=reckon.jwt.public-key:read-resource"
  echo "    /system-property=reckon.jwt.public-key:add(value=\"$jwt_public_key\")"
  echo "else"
  echo "    /system-property=reckon.jwt.public-key:write-attribute(name=value, value=\"$jwt_public_key\")"
  echo "end-if"
  grep -vE '^(embed-server|stop-embedded-server)([[:space:]]|$)' "$combined"
} > "$jwt_cli"
mv "$jwt_cli" "$combined"
echo "configure-server [$env_name]: $scripts"
JAVA_OPTS="-Xms64m -Xmx512m" "$jboss_home/bin/jboss-cli.sh" --file="$combined" \
    --properties="$cli_properties" >"$jboss_home/reckon-configure-$env_name.log" 2>&1 || {
  echo "configure-server: CLI failed; last lines of $jboss_home/reckon-configure-$env_name.log:" >&2
  tail -40 "$jboss_home/reckon-configure-$env_name.log" >&2
  exit 1
}
echo "configure-server [$env_name]: $jboss_home configured in $(( $(date +%s) - started )) s"
