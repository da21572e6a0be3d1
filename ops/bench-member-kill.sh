#!/bin/sh
# Time for a three-member cluster to bring back 10,000 Stream entities after one member dies
# without leaving (no coordinated shutdown, as with kill -9): until the split brain resolver has
# removed it, and from then until every entity answered from the survivors. One summary line.
# Needs PostgreSQL at 127.0.0.1:5432 (trust auth, user postgres) or STREAMRP2P_TEST_PG_URL.
# Usage: ops/bench-member-kill.sh [ENTITIES]
set -e
cd "$(dirname "$0")/.."
./mvnw -q -B -pl hub -am test -Dtest=MemberKillRecoveryBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.recovery-entities="${1:-10000}" 2>&1 | grep -E 'member kill|ERROR|FAIL' || true
