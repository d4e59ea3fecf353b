#!/usr/bin/env bash
# Wallet benchmark (issue 12, "Measure"): transfers/s and p50/p99 at 1, 16 and 64 clients for
# same-partition transfers, cross-partition transfers by XA 2PC, TC/C and Saga, and 2 hot
# accounts, through REST; one partition's engine alone (validation + durable log, no HTTP);
# the baseline is pgbench with a custom transfer script (two UPDATEs and an INSERT per
# transaction) on the same PostgreSQL server; Table 12.1 recomputed from the measured figures.
# Runs ./mvnw -Pbenchmark-wallet verify on the real PostgreSQL and server the suite uses (the
# test PostgreSQL runs with fsync off, for the baseline as for Reckon). Needs pgbench
# (Debian: postgresql-contrib). Seconds per level: BENCH_SECONDS (default 10). Extra Maven
# arguments (the port offset, say) are passed on. Switches (issue 12's 2-hot-accounts work):
#   -Dreckon.bench.scenarios=engine,same,xa,tcc,saga,hot,pgbench  the parts to run (default all)
#   -Dreckon.bench.before=true  first measures the 2 hot accounts with the server's pre-fix paths
#       (system property reckon.wallet.hot-fix-off, set and cleared inside the server), waits for the
#       ledger feed to catch up, then measures them with the fix: before and after in one run
#   -Dreckon.bench.jfr=true  a JFR recording of the server per 2-hot-accounts level
#       (ear/target/wallet-hot-<phase>-<clients>.jfr); benchmark/wallet-profile.py splits them
# Order: 2 hot accounts (before, after), the other REST scenarios, pgbench, then the engine alone
# (its ~100,000 transfers keep the ledger feed busy for minutes: measured last), first with the
# event lists' consumers (read models, ledger feed) running beside it, then with them paused
# (server property reckon.wallet.feeds-paused, set and cleared inside the server): validation and
# the durable log alone. Table 12.1 uses the rows with the consumers running.
#
#   flock /tmp/reckon-heavy.lock benchmark/wallet.sh -Dreckon.test.port.offset=300 \
#       -Dreckon.test.http.port=8380 -Dreckon.test.management.port=10290
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p ear/target
./mvnw -B -Pbenchmark-wallet verify -pl wildfly-config,ear -am -Dreckon.bench.seconds="${BENCH_SECONDS:-10}" "$@" \
    > ear/target/benchmark-wallet.log 2>&1 || {
  tail -60 ear/target/benchmark-wallet.log >&2
  exit 1
}
echo "(full log: ear/target/benchmark-wallet.log)"
cat ear/target/benchmark-wallet.md
