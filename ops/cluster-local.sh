#!/usr/bin/env bash
# Starts N hub members of the built executable on loopback, member 1 as the seed node, and stops
# them all on Ctrl-C. Member i (1-based) listens on:
#   RTMP 1935+i-1, HTTP 8080+i-1, cluster 25520+i-1, management 8558+i-1
# Usage: ops/cluster-local.sh [N]        (N defaults to 3; build first: ./mvnw -B -DskipTests package)
#
# The members share one PostgreSQL database: a member on the embedded database refuses to join a
# cluster (its entities' history would not follow them to another member). Defaults:
#   STREAMRP2P_DB_URL=jdbc:postgresql://127.0.0.1:5432/streamrp2p  STREAMRP2P_DB_USER=streamrp2p
# and STREAMRP2P_DB_PASSWORD from the environment. Create them once, for example:
#   sudo -u postgres createuser streamrp2p && sudo -u postgres createdb -O streamrp2p streamrp2p
set -euo pipefail

n="${1:-3}"
if ! [[ "$n" =~ ^[1-9][0-9]?$ ]]; then
  echo "usage: $0 [N]   (1..99 members)" >&2
  exit 2
fi
root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/app/target/streamrp2p.jar"
if [[ ! -f "$jar" ]]; then
  echo "$jar not found: build it with ./mvnw -B -DskipTests package" >&2
  exit 1
fi
base="${STREAMRP2P_CLUSTER_DIR:-$root/data/cluster-local}"
export STREAMRP2P_DB_URL="${STREAMRP2P_DB_URL:-jdbc:postgresql://127.0.0.1:5432/streamrp2p}"
export STREAMRP2P_DB_USER="${STREAMRP2P_DB_USER:-streamrp2p}"
if [[ "$STREAMRP2P_DB_URL" != jdbc:postgresql://* ]]; then
  echo "STREAMRP2P_DB_URL must be a jdbc:postgresql:// URL: every member shares that database" >&2
  exit 2
fi
if command -v psql >/dev/null; then
  pg="postgresql://$STREAMRP2P_DB_USER@${STREAMRP2P_DB_URL#jdbc:postgresql://}"
  if ! PGPASSWORD="${STREAMRP2P_DB_PASSWORD:-}" psql "$pg" -qAtc 'select 1' >/dev/null 2>&1; then
    echo "cannot reach $STREAMRP2P_DB_URL as $STREAMRP2P_DB_USER: create the user and database" \
      "(see the head of this script) or set STREAMRP2P_DB_URL / _USER / _PASSWORD" >&2
    exit 1
  fi
fi
mkdir -p "$base"
seed="pekko://streamrp2p@127.0.0.1:25520"
# Every member must accept the same stream keys; member 1's generated key is shared via -D.
key="${STREAMRP2P_DEMO_KEY:-sk_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')}"

pids=()
stop() {
  trap - INT TERM EXIT
  echo
  echo "stopping ${#pids[@]} members (SIGTERM: each leaves the cluster gracefully)"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop INT TERM EXIT

for ((i = 1; i <= n; i++)); do
  dir="$base/member-$i"
  mkdir -p "$dir"
  STREAMRP2P_RTMP_PORT=$((1935 + i - 1)) \
  STREAMRP2P_HTTP_PORT=$((8080 + i - 1)) \
  STREAMRP2P_CLUSTER_PORT=$((25520 + i - 1)) \
  STREAMRP2P_MANAGEMENT_PORT=$((8558 + i - 1)) \
  STREAMRP2P_SEED_NODES="$seed" \
  STREAMRP2P_DATA_DIR="$dir" \
    java -Dstreamrp2p.hub.streams.demo="$key" -jar "$jar" hub >"$dir/hub.log" 2>&1 &
  pids+=("$!")
done

echo "waiting for $n members to be Up"
for _ in $(seq 1 60); do
  up=$(curl -fs "http://127.0.0.1:8558/cluster/members" 2>/dev/null | grep -o '"status":"Up"' | wc -l || true)
  [[ "$up" -ge "$n" ]] && break
  sleep 1
done

echo
echo "Publish: ffmpeg -re -f lavfi -i testsrc2=size=640x360:rate=30 -f lavfi -i sine \\"
echo "           -c:v libx264 -preset veryfast -g 60 -c:a aac -f flv rtmp://127.0.0.1:1935/live/$key"
for ((i = 1; i <= n; i++)); do
  echo "member $i: rtmp://127.0.0.1:$((1935 + i - 1))/live  http://127.0.0.1:$((8080 + i - 1))/live/demo.flv" \
    " management http://127.0.0.1:$((8558 + i - 1))/cluster/members  log $base/member-$i/hub.log"
done
echo
echo "Ctrl-C stops all members."
wait
