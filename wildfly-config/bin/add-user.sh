#!/usr/bin/env bash
# Adds (or re-passwords) a Reckon user in the Elytron realm ReckonRealm, password hashed with
# bcrypt (cost 10, a random 16-byte salt). The password is read from stdin, never from the command
# line (which ps shows).
#
#   wildfly-config/bin/add-user.sh /opt/wildfly carol customer            # offline (server stopped)
#   wildfly-config/bin/add-user.sh /opt/wildfly dave staff,admin --online  # a running server (management on :9990)
#   Roles: customer | staff | admin (an admin is also staff: give "admin,staff").
set -euo pipefail
home=${1:?usage: add-user.sh JBOSS_HOME USER ROLES [--online]}
user=${2:?user}
roles=${3:?roles, comma-separated: customer, staff, admin}
mode=${4:-}
[[ "$user" =~ ^[A-Za-z0-9._@-]{1,100}$ && ! "$user" =~ ^\.+$ ]] || { echo "user: letters, digits, . _ @ - (not only dots)" >&2; exit 2; }
[[ "$roles" =~ ^(customer|staff|admin)(,(customer|staff|admin))*$ ]] || { echo "roles: customer, staff, admin" >&2; exit 2; }
if [ -t 0 ]; then read -rs -p "Password for $user: " password; echo; else IFS= read -r password; fi
[ ${#password} -ge 12 ] || { echo "the password must have at least 12 characters" >&2; exit 2; }
[[ "$password" != *[\},\"]* ]] || { echo "the password must not contain } , or \"" >&2; exit 2; }
salt=$(od -An -tx1 -N16 /dev/urandom | tr -s ' \n' ' ' | sed 's/^ //; s/ $//; s/ /,0x/g; s/^/0x/')
script=$(mktemp); trap 'rm -f "$script"' EXIT; chmod 600 "$script"
{
  [ "$mode" = "--online" ] || echo "embed-server --server-config=standalone-full.xml --std-out=discard"
  echo "if (outcome != success) of /subsystem=elytron/filesystem-realm=ReckonRealm:read-identity(identity=$user)"
  echo "    /subsystem=elytron/filesystem-realm=ReckonRealm:add-identity(identity=$user)"
  echo "end-if"
  echo "/subsystem=elytron/filesystem-realm=ReckonRealm:set-password(identity=$user, bcrypt={password=\"$password\", iteration-count=10, salt=bytes{$salt}})"
  echo "if (outcome == success) of /subsystem=elytron/filesystem-realm=ReckonRealm:remove-identity-attribute(identity=$user, name=Roles)"
  echo "end-if"
  echo "/subsystem=elytron/filesystem-realm=ReckonRealm:add-identity-attribute(identity=$user, name=Roles, value=[$roles])"
  [ "$mode" = "--online" ] && echo "/subsystem=elytron/caching-realm=ReckonCachingRealm:clear-cache" || echo "stop-embedded-server"
} > "$script"
args=(--file="$script"); [ "$mode" = "--online" ] && args=(--connect "${args[@]}")
"$home/bin/jboss-cli.sh" "${args[@]}" > /dev/null
echo "user $user ($roles) stored with a bcrypt hash in ReckonRealm"
