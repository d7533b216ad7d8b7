#!/usr/bin/env bash
# Soak test (issue 7): the release server under sustained real-time load plus a storm of hostile
# clients and abrupt disconnects, then the checks: no crash, every well-behaved stream got all its
# frames, frame lag p95 within max segment + 0.5 s, RSS back within 5 % of its warm baseline, no
# leaked file descriptors. Then the memory half of the ONNX Runtime leak check (`bench ort-memory`:
# 1000 model loads and 1000 runs of the tiny UniTalker model keep RSS flat). These are the speed and
# memory bounds that `swift test` does not assert, because they depend on the machine.
#
#   scripts/soak.sh                  # 600 s at 100 real-time streams, built-in engine
#   SOAK_SECONDS=60 SOAK_USERS=20 scripts/soak.sh
#   SOAK_MAX_LAG_SECONDS=2.5         # lag bound for a config with longer segments (default 1.5)
#   SOAK_ORT=0                       # skip the ONNX Runtime memory check (needs scripts/install-onnxruntime.sh)
#
# Results (server log, load JSON, storm tally, RSS samples) go to $SOAK_OUT (default /tmp/a2f-soak).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

seconds=${SOAK_SECONDS:-600}
users=${SOAK_USERS:-100}
port=${SOAK_PORT:-18190}
config=${SOAK_CONFIG:-}
audio=${SOAK_AUDIO:-Tests/Audio2FaceTests/Fixtures/speech}
out=${SOAK_OUT:-/tmp/a2f-soak}
max_lag=${SOAK_MAX_LAG_SECONDS:-1.5}
bin=.build/release/audio2face
mkdir -p "$out"
if [ -z "$config" ]; then
    # The defaults, except that every load-generator stream comes from 127.0.0.1 and that the hostile
    # clients come on top of the load (otherwise they are refused with 1013, correctly, at capacity).
    config="$out/soak-config.yaml"
    printf 'limits:\n  max_streams_per_client: 0\n  max_concurrent_streams: %d\n' $((users + 50)) > "$config"
fi

swift build -c release --product audio2face
"$bin" serve --config "$config" --port "$port" > "$out/server.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
url="ws://127.0.0.1:$port/api/v1/streaming_audio2face/ws"
for _ in $(seq 1 300); do
    curl -fsS "http://127.0.0.1:$port/ready" > /dev/null 2>&1 && break
    sleep 0.2
done

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status"; }
fd_count() { ls "/proc/$pid/fd" | wc -l; }

storm() {
    "$bin" bench storm --url "$url" --seconds "$1" --concurrency 4 --pause-ms 40
}

# The warm baseline is taken after a minute of the same mix, so that it includes what the allocator
# keeps after its first peak.
echo "warm-up: 60 s at $users real-time streams + hostile clients"
storm 60 > "$out/warmup-storm.txt" 2>&1 &
warmup_storm=$!
"$bin" bench load --url "$url" --audio "$audio" --realtime --users "$users" --step-seconds 60 \
    --json "$out/warmup.json" > "$out/warmup.txt"
wait "$warmup_storm" || true
sleep 3
rss_base=$(rss_kib)
fds_base=$(fd_count)
echo "baseline: RSS $rss_base KiB, $fds_base file descriptors"

echo "soak: $seconds s at $users real-time streams + 4 hostile clients at a time (about 80 per second)"
"$bin" bench load --url "$url" --audio "$audio" --realtime --users "$users" --step-seconds "$seconds" \
    --server-pid "$pid" --json "$out/soak.json" > "$out/soak.txt" &
load=$!
storm "$seconds" > "$out/storm.txt" 2>&1 &
storm=$!
echo "seconds,rss_kib,fds" > "$out/rss.csv"
start=$(date +%s)
while kill -0 "$load" 2> /dev/null; do
    echo "$(( $(date +%s) - start )),$(rss_kib),$(fd_count)" >> "$out/rss.csv"
    sleep 15
done
load_status=0; wait "$load" || load_status=$?
storm_status=0; wait "$storm" || storm_status=$?
sleep 5
rss_end=$(rss_kib)
fds_end=$(fd_count)

python3 - "$out" "$max_lag" "$rss_base" "$rss_end" "$fds_base" "$fds_end" "$load_status" "$storm_status" <<'PY'
import json, sys
out, max_lag = sys.argv[1], float(sys.argv[2])
rss_base, rss_end, fds_base, fds_end, load_status, storm_status = map(int, sys.argv[3:])
level = json.load(open(f"{out}/soak.json"))[0]
drift = (rss_end - rss_base) / rss_base * 100
lag = level.get("frameLagP95")
checks = [
    ("server alive, load generator exit 0", load_status == 0),
    (f"well-behaved streams: {level['completedStreams']} completed, {level['errors']} errors, "
     f"{level['frameCountMismatches']} frame-count mismatches", level["errors"] == 0 and level["frameCountMismatches"] == 0
     and level["completedStreams"] > 0),
    (f"frame lag p95 {lag if lag is None else round(lag * 1000)} ms (limit {max_lag * 1000:.0f} ms)",
     lag is not None and lag <= max_lag),
    ("hostile clients all answered with their close codes (storm exit 0)", storm_status == 0),
    (f"RSS {rss_base} -> {rss_end} KiB ({drift:+.1f} %, limit ±5 %)", abs(drift) <= 5),
    (f"file descriptors {fds_base} -> {fds_end}", fds_end <= fds_base),
]
for name, ok in checks:
    print(("PASS " if ok else "FAIL ") + name)
sys.exit(0 if all(ok for _, ok in checks) else 1)
PY
kill -0 "$pid" || { echo "FAIL server died"; exit 1; }
tail -n 1 "$out/storm.txt"

if [ "${SOAK_ORT:-1}" != 0 ]; then
    echo "ONNX Runtime memory: 1000 loads and 1000 runs of the tiny UniTalker model"
    "$bin" bench ort-memory --model Tests/OnnxRuntimeTests/Fixtures/unitalker-tiny.onnx \
        --json "$out/ort-memory.json" | tee "$out/ort-memory.txt"
fi
