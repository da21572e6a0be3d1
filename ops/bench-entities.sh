#!/bin/sh
# Persisted entity events per second on PostgreSQL with one hub member, then the time for a
# restarted member to recover 10,000 entities. Prints one summary line.
# Needs PostgreSQL at 127.0.0.1:5432 (trust auth, user postgres) or STREAMRP2P_TEST_PG_URL.
# Usage: ops/bench-entities.sh [ENTITIES] [SECONDS]
# Environment: BENCH_WARMUP (seconds, default 10), BENCH_IN_FLIGHT (asks per entity, 1),
# BENCH_RECOVERY (entities read back after the restart, 10000), BENCH_URL_PARAMS (JDBC URL
# parameters, default the ones docs/operations.md recommends; empty for a plain URL),
# BENCH_JFR (a file: record a JFR profile of the benchmark JVM there), BENCH_OPTS (more -D
# settings for the hub, e.g. "-Djdbc-journal.parallelism=4 -Dstreamrp2p.db.pool-size=6").
set -e
cd "$(dirname "$0")/.."
jfr=""
if [ -n "${BENCH_JFR-}" ]; then
  jfr="-DargLine=-XX:StartFlightRecording=filename=${BENCH_JFR},settings=profile"
fi
./mvnw -q -B -pl hub -am test -Dtest=EntityEventsBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.entities="${1:-2000}" -Dbench.seconds="${2:-20}" \
  -Dbench.warmup-seconds="${BENCH_WARMUP:-10}" -Dbench.in-flight="${BENCH_IN_FLIGHT:-1}" \
  -Dbench.recovery-entities="${BENCH_RECOVERY:-10000}" \
  -Dbench.url-params="${BENCH_URL_PARAMS-reWriteBatchedInserts=true}" \
  $jfr ${BENCH_OPTS-} -DtrimStackTrace=false 2>&1 | grep -E 'events/s|ERROR|FAIL|Exception' || true
