#!/bin/sh
# Persisted entity events per second on PostgreSQL with one hub member.
# Needs PostgreSQL at 127.0.0.1:5432 (trust auth, user postgres) or STREAMRP2P_TEST_PG_URL.
# Usage: ops/bench-entities.sh [ENTITIES] [SECONDS]; BENCH_URL_PARAMS= (empty) drops the
# JDBC URL parameters the production settings recommend.
set -e
cd "$(dirname "$0")/.."
./mvnw -q -B -pl hub -am test -Dtest=EntityEventsBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.entities="${1:-2000}" -Dbench.seconds="${2:-20}" \
  -Dbench.url-params="${BENCH_URL_PARAMS-reWriteBatchedInserts=true}" \
  -DtrimStackTrace=false 2>&1 | grep -E 'events/s|ERROR|FAIL' || true
