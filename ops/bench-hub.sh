#!/usr/bin/env bash
# Measures how many HTTP-FLV viewers of one 720p30 3 Mbit/s stream the hub serves from one core,
# the way the yardsticks in DESIGN.md were measured: hub pinned to core 0, the load generator (our
# `streamrp2p load`, which also publishes the stream) pinned to core 1, loopback only.
#
# Usage: ops/bench-hub.sh [VIEWER_COUNTS...]        (default: 100 500 1000 2000 3000)
# Environment: DURATION (30s), RAMP (10s), HUB_HEAP (2g), RTMP_PORT (19361), HTTP_PORT (18091),
# HUB_OPTS (more JVM options for the hub, e.g. a GC to compare).
# A fresh hub is started for every count, so each run starts a new stream timeline and its idle
# memory is measured before any viewer joins.
set -euo pipefail
cd "$(dirname "$0")/.."

COUNTS=("${@:-100 500 1000 2000 3000}")
read -r -a COUNTS <<<"${COUNTS[*]}"
DURATION="${DURATION:-30s}"
RAMP="${RAMP:-10s}"
HUB_HEAP="${HUB_HEAP:-2g}"
HUB_OPTS="${HUB_OPTS:-}"
RTMP_PORT="${RTMP_PORT:-19361}"
HTTP_PORT="${HTTP_PORT:-18091}"
KEY="bench-$$"
FIXTURE=/tmp/streamrp2p-bench-720p30-3M.flv
JAR=app/target/streamrp2p.jar
WORK="$(mktemp -d /tmp/bench-hub.XXXXXX)"
hub_pid=""

stop_hub() {
  if [[ -n "$hub_pid" ]]; then
    kill "$hub_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$hub_pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$hub_pid" 2>/dev/null || true
    wait "$hub_pid" 2>/dev/null || true
    hub_pid=""
  fi
}
trap 'stop_hub; rm -rf "$WORK"' EXIT INT TERM

./mvnw -q -B -DskipTests -pl app -am package

if [[ ! -s "$FIXTURE" ]]; then
  ffmpeg -hide_banner -loglevel error -y \
    -f lavfi -i testsrc2=size=1280x720:rate=30 -f lavfi -i sine=frequency=440:sample_rate=44100 \
    -t 20 -c:v libx264 -preset veryfast -b:v 3M -maxrate 3M -bufsize 6M -g 60 -pix_fmt yuv420p \
    -c:a aac -b:a 128k -f flv "$FIXTURE"
fi

start_hub() {
  rm -rf "$WORK/data"
  STREAMRP2P_RTMP_PORT="$RTMP_PORT" STREAMRP2P_HTTP_PORT="$HTTP_PORT" \
    STREAMRP2P_DATA_DIR="$WORK/data" \
    taskset -c 0 java -Xmx"$HUB_HEAP" $HUB_OPTS \
    -Dstreamrp2p.hub.live.time-jitter=off -Dstreamrp2p.hub.streams.demo="$KEY" \
    -Dpekko.loglevel=WARNING -jar "$JAR" hub >"$WORK/hub-$1.log" 2>&1 &
  hub_pid=$!
  for _ in $(seq 1 100); do
    if curl -fs "http://127.0.0.1:$HTTP_PORT/health" >/dev/null 2>&1; then return 0; fi
    kill -0 "$hub_pid" 2>/dev/null || break
    sleep 0.2
  done
  echo "hub did not start; log:" >&2
  cat "$WORK/hub-$1.log" >&2
  exit 1
}

# KiB/viewer: (hub RSS at the end - RSS before any viewer) / viewers; it includes heap the JVM
# touches once for the load (young generation), whatever the count. marginal: the same growth
# between this count and the previous one, per added viewer: what one more viewer costs.
# latency: over all tags p50/p99, then over video tags p99 (audio waits for the next frame).
printf '%-8s %-10s %-10s %-16s %-24s %-9s %-9s %-10s %-10s %-9s %s\n' viewers connected \
  stall-free "first p50/p99" "latency p50/p99 (video)" "MB/s" "hub core" "MB/cpu-s" \
  "KiB/viewer" marginal failures
prev=""
for n in "${COUNTS[@]}"; do
  start_hub "$n"
  json="$WORK/load-$n.json"
  # Bounded: warmup + ramp + duration plus a generous margin.
  timeout 600 taskset -c 1 java -Xmx1g -jar "$JAR" load \
    --url "http://127.0.0.1:$HTTP_PORT/live/demo.flv" --viewers "$n" --ramp "$RAMP" \
    --duration "$DURATION" --publish "$FIXTURE" --loop \
    --publish-url "rtmp://127.0.0.1:$RTMP_PORT/live/$KEY" --hub-pid "$hub_pid" --json >"$json" \
    || { echo "{\"error\": \"load run failed for $n viewers; hub log in /tmp/bench-hub-failed-$n.log\"}" >"$json"
         cp "$WORK/hub-$n.log" "/tmp/bench-hub-failed-$n.log"; }
  stop_hub
  python3 - "$json" "$n" "$prev" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
if "error" in r:
    print(f"{sys.argv[2]:<8} {r['error']}")
    sys.exit(0)
marginal = None
if sys.argv[3]:
    p = json.load(open(sys.argv[3]))
    if "error" not in p and r["viewersRequested"] > p["viewersRequested"]:
        grow = lambda x: x["hubRssEndBytes"] - x["hubRssIdleBytes"]
        marginal = (grow(r) - grow(p)) / 1024 / (r["viewersRequested"] - p["viewersRequested"])
f = lambda v, d=1: "-" if v is None else f"{v:.{d}f}"
print(f"{r['viewersRequested']:<8} {r['connected']:<10} {r['stallFree']:<10} "
      f"{f(r['firstFrameP50Ms']) + '/' + f(r['firstFrameP99Ms']):<16} "
      f"{f(r['latencyP50Ms']) + '/' + f(r['latencyP99Ms']) + ' (' + f(r['videoLatencyP99Ms']) + ')':<24} "
      f"{f(r['throughputMBps']):<9} "
      f"{f(r['hubCpuCores'], 2):<9} {f(r['mbPerCpuSecond'], 0):<10} "
      f"{f(r['memoryPerViewerKb']):<10} {f(marginal):<9} {sum(r['failures'].values())}")
PY
  prev="$json"
done
echo "hub logs and JSON reports were in $WORK (removed on exit); machine: $(nproc) cores," \
  "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
