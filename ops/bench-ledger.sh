#!/usr/bin/env bash
# Ledger benchmark: end-to-end committed transfers/s on PostgreSQL and audit replay events/s.
# Needs PostgreSQL at 127.0.0.1:5432 (or STREAMRP2P_TEST_PG_URL). Usage:
#   ops/bench-ledger.sh [transfers] [accounts] [in-flight] [runs] [warm-up transfers]
# Each run uses a fresh database and JVM; the RESULT lines (one per metric and run) are
# repeated at the end. The JVM CPU per transfer/event stays comparable on a busy machine.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -pl ledger -am test-compile -DskipTests
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for run in $(seq 1 "${4:-1}"); do
  echo "== run $run: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
  ./mvnw -q -B -pl ledger exec:java -Dexec.classpathScope=test \
    -Dexec.mainClass=io.streamrp2p.ledger.bench.LedgerBench \
    -Dexec.args="${1:-50000} ${2:-1000} ${3:-512} ${5:-20000}" | tee -a "$log"
done
echo "== summary"
grep '^RESULT' "$log"
