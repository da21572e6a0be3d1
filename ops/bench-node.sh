#!/usr/bin/env bash
# What a friend node costs and adds, measured the way ops/bench-hub.sh measures the hub: one
# 720p30 3 Mbit/s stream published to a hub, viewers asking the hub and redirected to one node.
#
#   1. the node's resident memory idle (registered, session open, nothing assigned) and with the
#      stream and 100 viewers;
#   2. the time from starting an already registered node to its first served viewer;
#   3. for each viewer count: viewers through the node and, in the same run, the same count
#      watching the hub directly. The serving side (hub, or hub and node) is pinned to core 0 and
#      the load tool to core 1 in both, as a node and its hub are apart from the viewers: the
#      difference in latency is what the node adds.
#
# Usage: ops/bench-node.sh [VIEWER_COUNTS...]     (default: 1000; 0: memory and start time only)
# Environment: DURATION (20s), RAMP (10s), VIA (which viewer runs: "node hub"), HUB_CORE (the
# hub's core in the node runs: 0, beside the node; 1, beside the load tool, leaves the node a core
# of its own, for the most viewers it serves), NODE_OPTS (the node's JVM options; default the ones
# ops/systemd/streamrp2p-node.service sets), NMT=1 (print the node's native memory summary and
# heap histogram with 100 viewers). The node runs with MALLOC_ARENA_MAX=2, as the unit.
set -euo pipefail
cd "$(dirname "$0")/.."

COUNTS=("${@:-1000}")
read -r -a COUNTS <<<"${COUNTS[*]}"
DURATION="${DURATION:-20s}"
RAMP="${RAMP:-10s}"
UNIT_OPTS=$(sed -n 's/^Environment="JAVA_OPTS=\(.*\)"$/\1/p' ops/systemd/streamrp2p-node.service)
NODE_OPTS="${NODE_OPTS:-$UNIT_OPTS}"
FIXTURE=/tmp/streamrp2p-bench-720p30-3M.flv
JAR=app/target/streamrp2p.jar
NODE_JAR=node/target/streamrp2p-node.jar
WORK="$(mktemp -d /tmp/bench-node.XXXXXX)"
pids=()

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
stop_all() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$p" 2>/dev/null || true
  done
  pids=()
}
trap 'stop_all; [[ -n "${KEEP:-}" ]] || rm -rf "$WORK"' EXIT INT TERM
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
await_http() {
  for _ in $(seq 1 150); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "no answer from $1" >&2; exit 1
}

./mvnw -q -B -DskipTests -pl app,node -am package
if [[ ! -s "$FIXTURE" ]]; then
  ffmpeg -hide_banner -loglevel error -y \
    -f lavfi -i testsrc2=size=1280x720:rate=30 -f lavfi -i sine=frequency=440:sample_rate=44100 \
    -t 20 -c:v libx264 -preset veryfast -b:v 3M -maxrate 3M -bufsize 6M -g 60 -pix_fmt yuv420p \
    -c:a aac -b:a 128k -f flv "$FIXTURE"
fi

HUB_HTTP=$(free_port); HUB_RTMP=$(free_port); NODE_HTTP=$(free_port); NODE_RTMP=$(free_port)
KEY="bench-$$"

# $1: hub core, $2: viewers the hub keeps itself
start_hub() {
  rm -rf "$WORK/hub"
  STREAMRP2P_DATA_DIR="$WORK/hub" STREAMRP2P_HTTP_PORT=$HUB_HTTP STREAMRP2P_RTMP_PORT=$HUB_RTMP \
    STREAMRP2P_CLUSTER_PORT=$(free_port) STREAMRP2P_HUB_VIEWERS_MAX="$2" \
    taskset -c "$1" java -Xmx2g -Dpekko.management.http.port=$(free_port) \
    -Dstreamrp2p.hub.live.time-jitter=off -Dstreamrp2p.hub.streams.demo="$KEY" \
    -Dpekko.loglevel=WARNING -jar "$JAR" hub >"$WORK/hub.log" 2>&1 &
  pids+=($!)
  hub_pid=$!
  await_http "http://127.0.0.1:$HUB_HTTP/health"
  token=$(grep -A1 "Operator token" "$WORK/hub.log" | tail -1 | tr -d ' ')
}

# $1: core. Registers on first use (data dir kept), then runs.
start_node() {
  local args=(--data-dir "$WORK/node")
  if [[ ! -f "$WORK/node/node.json" ]]; then
    local code
    code=$(curl -fs -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
      -d '{"stream":"demo","ttlSeconds":600}' "http://127.0.0.1:$HUB_HTTP/api/v1/invites" \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)["code"])')
    args+=(--hub "http://127.0.0.1:$HUB_HTTP" --invite "$code" --http-port "$NODE_HTTP"
      --rtmp-port "$NODE_RTMP" --capacity-mbps 100000)
  fi
  local nmt=()
  [[ "${NMT:-0}" == 1 ]] && nmt=(-XX:NativeMemoryTracking=summary)
  # Timestamps as the hub sent them, as the hub keeps the publisher's: the load tool matches
  # each tag it receives to the time the publisher sent it.
  MALLOC_ARENA_MAX=2 taskset -c "$1" java $NODE_OPTS "${nmt[@]}" -Dstreamrp2p.node.live.time-jitter=off -Dpekko.loglevel=WARNING -jar "$NODE_JAR" "${args[@]}" \
    >"$WORK/node.log" 2>&1 &
  pids+=($!)
  node_pid=$!
}

echo "== memory and start time"
start_hub 1 0
start_node 0
await_http "http://127.0.0.1:$NODE_HTTP/health"
sleep 5 # the session settles: welcome, first heartbeats
echo "node idle: $(rss_mb "$node_pid") MB resident"
# Restart the registered node and time it to its first served viewer (publisher running).
java -jar "$JAR" publish --url "rtmp://127.0.0.1:$HUB_RTMP/live/$KEY" --loop "$FIXTURE" \
  >"$WORK/publish.log" 2>&1 &
pids+=($!)
sleep 3
kill "$node_pid"; wait "$node_pid" 2>/dev/null || true
t0=$(date +%s%N)
start_node 0
served=""
for _ in $(seq 1 600); do
  # Served by the node: the hub's play API names the node, and 100 KB of the stream came from
  # there. The API answers at once, so polling it every 20 ms times the start finely.
  resp=$(curl -s --max-time 1 "http://127.0.0.1:$HUB_HTTP/api/v1/streams/demo/play" || true)
  url=""
  [[ "$resp" == *'"servedBy":"node"'* ]] && url=$(sed -E 's/.*"url":"([^"]*)".*/\1/' <<<"$resp")
  if [[ -n "$url" ]]; then
    bytes=$(curl -s --max-time 3 "$url" 2>/dev/null | head -c 100000 | wc -c || true)
    if [[ "${bytes:-0}" -ge 100000 ]]; then
      served=$(( ($(date +%s%N) - t0) / 1000000 )); break
    fi
  fi
  sleep 0.02
done
echo "node start to first served viewer (100 KB from the node the hub names): ${served:-none} ms"
timeout 120 taskset -c 1 java -Xmx1g -jar "$JAR" load --url "http://127.0.0.1:$HUB_HTTP/live/demo.flv" \
  --viewers 100 --ramp 5s --duration 15s --hub-pid "$node_pid" --json >"$WORK/load-100.json" || true
echo "node with one stream and 100 viewers: $(rss_mb "$node_pid") MB resident; load report:"
if [[ "${NMT:-0}" == 1 ]]; then
  jcmd "$node_pid" VM.native_memory summary | grep -E '^-|committed' | grep -v '^ *(' | head -40
  jcmd "$node_pid" GC.class_histogram | head -25
  grep -E '^(Rss|Pss|Anonymous|Shared_Clean|Private_Clean|Private_Dirty)' "/proc/$node_pid/smaps_rollup"
  awk '/^[0-9a-f]+-/ {name=$6} /^Rss:/ {rss[name]+=$2} END {for (n in rss) printf "%8d kB %s\n", rss[n], n}' \
    "/proc/$node_pid/smaps" | sort -rn | head -12
fi
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print({k: r.get(k) for k in ("connected","stallFree","latencyP99Ms","hubCpuCores","hubRssEndBytes")})' "$WORK/load-100.json" || true
stop_all

for n in "${COUNTS[@]}"; do
  [[ "$n" == 0 ]] && continue
  for via in ${VIA:-node hub}; do
    if [[ $via == node ]]; then start_hub "${HUB_CORE:-0}" 0; rm -rf "$WORK/node"; start_node 0; target=$node_pid
      await_http "http://127.0.0.1:$NODE_HTTP/health"; sleep 5
    else start_hub 0 1000000; target=$hub_pid; fi
    json="$WORK/load-$via-$n.json"
    cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
    hub_ticks=$(cpu_ticks "$hub_pid"); t_start=$(date +%s%N)
    timeout 600 taskset -c 1 java -Xmx1g -jar "$JAR" load \
      --url "http://127.0.0.1:$HUB_HTTP/live/demo.flv" --viewers "$n" --ramp "$RAMP" \
      --duration "$DURATION" --publish "$FIXTURE" --loop --warmup 6s \
      --publish-url "rtmp://127.0.0.1:$HUB_RTMP/live/$KEY" --hub-pid "$target" --json >"$json" \
      || echo "{\"error\": \"load run failed\"}" >"$json"
    if [[ $via == node ]]; then
      echo "  hub process meanwhile: $(awk -v t="$(( $(cpu_ticks "$hub_pid") - hub_ticks ))" \
        -v ns="$(( $(date +%s%N) - t_start ))" -v hz="$(getconf CLK_TCK)" \
        'BEGIN {printf "%.2f", t / hz / (ns / 1e9)}') core, over the whole load run"
    fi
    stop_all
    python3 - "$json" "$n" "$via" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
if "error" in r:
    print(f"{sys.argv[2]} via {sys.argv[3]}: {r['error']}"); sys.exit(0)
f = lambda v, d=1: "-" if v is None else f"{v:.{d}f}"
print(f"{sys.argv[2]} viewers via {sys.argv[3]}: stall-free {r['stallFree']}/{r['connected']}, "
      f"first frame p99 {f(r['firstFrameP99Ms'])} ms, latency p50/p99 {f(r['latencyP50Ms'])}/"
      f"{f(r['latencyP99Ms'])} ms (video p99 {f(r.get('videoLatencyP99Ms'))}), server core {f(r['hubCpuCores'], 2)}, "
      f"RSS {r['hubRssEndBytes'] // 1048576} MB, served by "
      + ", ".join(f"{t['target']} {t['viewers']}" for t in r.get("targets", [])))
PY
  done
done
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
