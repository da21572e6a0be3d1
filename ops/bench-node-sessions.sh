#!/usr/bin/env bash
# What N connected, idle friend-node sessions cost one hub member: a fresh hub pinned to core 0,
# the driver (app/src/test/.../tools/NodeSessionsBench.java: N invites, N registered nodes, N
# websocket sessions that only heartbeat) pinned to core 1, loopback only. The hub's CPU is read
# from /proc/PID/stat (utime+stime) over WINDOW seconds twice: with no session (baseline) and
# once all N sessions are open and SETTLE seconds have passed. Prints both, their difference and
# the hub's RSS.
#
# Usage: ops/bench-node-sessions.sh [N]      (default 1000)
# Environment: WINDOW (60 s), SETTLE (15 s), IN_FLIGHT (50 setup requests at once), HUB_HEAP (1g),
# HUB_OPTS (more JVM options for the hub, e.g. -XX:StartFlightRecording=filename=/tmp/h.jfr),
# SKIP_BUILD (set: use the jar and test classes already built).
#
# The driver runs with java on the jar and test classes this build made, not through
# `mvnw exec:java`: exec:java with -pl app takes the other modules from the local repository,
# which may hold another checkout's snapshot.
set -euo pipefail
cd "$(dirname "$0")/.."

N="${1:-1000}"
WINDOW="${WINDOW:-60}"
SETTLE="${SETTLE:-15}"
IN_FLIGHT="${IN_FLIGHT:-50}"
HUB_HEAP="${HUB_HEAP:-1g}"
HUB_OPTS="${HUB_OPTS:-}"
JAR=app/target/streamrp2p.jar
WORK="$(mktemp -d /tmp/bench-node-sessions.XXXXXX)"
hub_pid=""
driver_pid=""

stop() {
  local pid
  for pid in "$driver_pid" "$hub_pid"; do
    [[ -n "$pid" ]] || continue
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 75); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  driver_pid=""
  hub_pid=""
}
trap 'stop; rm -rf "$WORK"' EXIT INT TERM

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Hub CPU over WINDOW seconds as "cores kernel-cores": (utime+stime) ticks, and stime alone, /
# CLK_TCK / wall seconds. The kernel's share is its TCP and the threads' wake-ups.
cpu_cores() {
  local tck u0 s0 u1 s1 w0 w1
  tck=$(getconf CLK_TCK)
  read -r u0 s0 < <(awk '{print $14, $15}' "/proc/$hub_pid/stat")
  w0=$(date +%s.%N)
  sleep "$WINDOW"
  read -r u1 s1 < <(awk '{print $14, $15}' "/proc/$hub_pid/stat")
  w1=$(date +%s.%N)
  awk -v u="$((u1 - u0))" -v s="$((s1 - s0))" -v t="$tck" -v x="$w0" -v y="$w1" \
    'BEGIN {printf "%.4f %.4f\n", (u+s)/t/(y-x), s/t/(y-x)}'
}

rss_mib() {
  awk '/^VmRSS/ {printf "%.0f", $2/1024}' "/proc/$hub_pid/status"
}

[[ -n "${SKIP_BUILD:-}" ]] || ./mvnw -q -B -DskipTests -pl app -am package

HTTP_PORT=$(free_port)
export STREAMRP2P_DATA_DIR="$WORK/data" STREAMRP2P_HTTP_PORT="$HTTP_PORT" \
  STREAMRP2P_RTMP_PORT=$(free_port) STREAMRP2P_CLUSTER_PORT=$(free_port)
HUB="http://127.0.0.1:$HTTP_PORT"
# shellcheck disable=SC2086 # HUB_OPTS is a list of options
taskset -c 0 java -Xmx"$HUB_HEAP" $HUB_OPTS -Dpekko.management.http.port="$(free_port)" \
  -jar "$JAR" hub >"$WORK/hub.log" 2>&1 &
hub_pid=$!
for _ in $(seq 1 150); do
  curl -fs "$HUB/health" >/dev/null 2>&1 && break
  kill -0 "$hub_pid" 2>/dev/null || break
  sleep 0.2
done
token=$(awk 'f {print $1; exit} /Operator token/ {f=1}' "$WORK/hub.log")
if [[ -z "$token" ]] || ! curl -fs "$HUB/health" >/dev/null 2>&1; then
  echo "hub did not start; log:" >&2
  cat "$WORK/hub.log" >&2
  exit 1
fi

echo "== $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), load $(cut -d' ' -f1-3 /proc/loadavg)"
sleep "$SETTLE" # the hub's own start-up work (JIT, cluster forming) is not the baseline
read -r idle idle_sys < <(cpu_cores)
idle_rss=$(rss_mib)
echo "hub with 0 sessions: $idle cores ($idle_sys in the kernel), RSS $idle_rss MiB (load $(cut -d' ' -f1-3 /proc/loadavg))"

hold=$((SETTLE + WINDOW + 20))
taskset -c 1 java -cp "$JAR:app/target/test-classes" io.streamrp2p.tools.NodeSessionsBench \
  "$HUB" "$token" "$N" "$IN_FLIGHT" "$hold" >"$WORK/driver.log" 2>&1 &
driver_pid=$!
# Setup takes seconds for 1,000 nodes; bounded at 10 minutes.
for _ in $(seq 1 3000); do
  grep -q '^sessions open:' "$WORK/driver.log" && break
  kill -0 "$driver_pid" 2>/dev/null || break
  sleep 0.2
done
if ! grep -q '^sessions open:' "$WORK/driver.log"; then
  echo "the driver did not open its sessions; driver log, then hub log:" >&2
  cat "$WORK/driver.log" >&2
  tail -50 "$WORK/hub.log" >&2
  exit 1
fi
grep -E '^(registered|sessions open):' "$WORK/driver.log"
sleep "$SETTLE"
read -r busy busy_sys < <(cpu_cores)
busy_rss=$(rss_mib)
echo "hub with $N sessions: $busy cores ($busy_sys in the kernel), RSS $busy_rss MiB (load $(cut -d' ' -f1-3 /proc/loadavg))"
tail -1 "$WORK/driver.log"
every=$(sed -n 's/^sessions open:.*heartbeat every \([0-9]*\) ms.*/\1/p' "$WORK/driver.log")
awk -v n="$N" -v e="$every" -v i="$idle" -v b="$busy" -v ri="$idle_rss" -v rb="$busy_rss" 'BEGIN {
  printf "RESULT nodes=%d heartbeat=%d ms idle=%.4f cores sessions=%.4f cores", n, e, i, b
  printf " per-1000=%.4f cores", (b - i) * 1000 / n
  printf " rss-idle=%d MiB rss-sessions=%d MiB per-session=%.1f KiB\n", ri, rb, (rb - ri) * 1024 / n
}'
if grep -qE 'closed by the hub [1-9]' "$WORK/driver.log"; then
  echo "some sessions were closed by the hub:" >&2
  grep -E 'closed by the hub [1-9]' "$WORK/driver.log" | tail -1 >&2
  exit 1
fi
