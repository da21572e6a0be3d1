#!/usr/bin/env bash
# Ledger benchmark: end-to-end committed transfers/s on PostgreSQL and audit replay events/s.
# Needs PostgreSQL at 127.0.0.1:5432 (or STREAMRP2P_TEST_PG_URL). Usage:
#   ops/bench-ledger.sh [transfers] [accounts] [in-flight]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -pl ledger -am test-compile -DskipTests
./mvnw -q -B -pl ledger exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=io.streamrp2p.ledger.bench.LedgerBench \
  -Dexec.args="${1:-50000} ${2:-1000} ${3:-512}"
