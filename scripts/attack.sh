#!/usr/bin/env bash
# Attack run (issue 19): a release server with the built-in engine and default settings (plus file
# logging into a temporary folder) under the six hostile loads of the issue (the last in two forms), a
# fresh server for each:
#
#   1 connection-flood        1,100 idle TCP connections + 500 half-sent request heads + a request
#                             trickled at 1 byte/s, reopened as soon as the server closes them
#   2 descriptor-exhaustion   server started under `ulimit -n 1024`; 4 busy streams, then 1,005 idle
#                             connections
#   3 fragment-flood          messages of 1-byte fragments and of empty continuation frames (masked)
#   4 log-flood               long request_id / profile_name / offset_name full of control characters,
#                             repeated bad messages
#   5 tail-log                2 parallel /tail_log/10000 loops on a 110 MB log of 1 MB lines
#   6 fast-senders-long       8 long streams sent as fast as the server reads them
#   7 fast-senders-burst      8 `bench load --burst` users (short recordings back to back)
#
# Beside every attack one real-time stream runs (`bench load --realtime --users 1`), and a monitor
# polls /health every 200 ms (1 s timeout) and samples VmRSS. For each attack the report gives: server
# alive (or its exit code), /health latency max and p95 and the polls not answered 200, RSS before
# (warm, idle) / peak / after (ATTACK_SETTLE_SECONDS after the attack), the real-time stream's frame
# lag p95, and what the attack client saw; then the targets of issue 19, each met or missed by how much.
# It is a measurement of the machine it runs on, not a test: `scripts/test.sh` does not run it.
#
#   scripts/attack.sh                       # all attacks, 2 rounds of 40 s each (about 16 minutes)
#   scripts/attack.sh log-flood tail-log    # only these (names or numbers)
#   ATTACK_SECONDS=60 ATTACK_SETTLE_SECONDS=15 scripts/attack.sh
#   AUDIO2FACE_BIN=/path/to/audio2face      # default .build/release/audio2face (build it first:
#                                           #   swift build -c release --product audio2face)
#   ATTACK_ROUNDS=2                         # times each attack runs on the same server (RSS after the
#                                           #   second round tells retention from a leak)
#   ATTACK_OUT=/tmp/a2f-attack              # where logs and JSON go (default: a new temporary folder)
#   ATTACK_FLOOD_SOURCES=8                  # loopback addresses the connection floods come from
#                                           #   (127.0.0.2 …); the probes and streams use 127.0.0.1
#
# Exit status: 0 when every target is met, 2 when one is missed, 1 when the run itself failed.
# Needs bash, curl and python3 (standard library only).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }
case "${1:-}" in -h | --help) usage; exit 0 ;; esac

bin=${AUDIO2FACE_BIN:-.build/release/audio2face}
seconds=${ATTACK_SECONDS:-40}
settle=${ATTACK_SETTLE_SECONDS:-10}
rounds=${ATTACK_ROUNDS:-2}
sources=${ATTACK_FLOOD_SOURCES:-8}
out=${ATTACK_OUT:-$(mktemp -d /tmp/a2f-attack.XXXXXX)}
audio=Tests/Audio2FaceTests/Fixtures/speech
fast_wav=$audio/us-3.wav
tools=scripts/attack
export PYTHONDONTWRITEBYTECODE=1  # no __pycache__ in the checkout
all=(connection-flood descriptor-exhaustion fragment-flood log-flood tail-log fast-senders-long fast-senders-burst)

if [ ! -x "$bin" ]; then
    echo "error: $bin is not an executable; build it (swift build -c release --product audio2face)" \
        "or set AUDIO2FACE_BIN" >&2
    exit 1
fi
command -v curl > /dev/null || { echo "error: curl is needed" >&2; exit 1; }
command -v python3 > /dev/null || { echo "error: python3 is needed" >&2; exit 1; }

selected=()
for choice in "$@"; do
    if [[ $choice =~ ^[0-9]+$ ]] && ((choice >= 1 && choice <= ${#all[@]})); then
        selected+=("${all[choice - 1]}")
    elif [[ " ${all[*]} " == *" $choice "* ]]; then
        selected+=("$choice")
    else
        echo "error: unknown attack '$choice'; use one of: ${all[*]} (or 1–${#all[@]})" >&2
        exit 1
    fi
done
((${#selected[@]})) || selected=("${all[@]}")
mkdir -p "$out"
echo "attack run: ${selected[*]}; $rounds × $seconds s each; binary $bin; results in $out"
load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)

pid=""
port=""
dir=""
cleanup() {
    [ -n "$pid" ] && kill -KILL "$pid" 2> /dev/null || true
    jobs -p | xargs -r kill 2> /dev/null || true
}
trap cleanup EXIT

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2> /dev/null || true; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# start_server NAME [OPEN_FILE_LIMIT]: a fresh server with the defaults and file logging in its folder.
start_server() {
    local name=$1 nofile=${2:-}
    dir="$out/$(printf '%d' "$((${#started[@]} + 1))")-$name"
    started+=("$name")
    mkdir -p "$dir/logs"
    port=$(free_port)
    printf 'logging:\n  file:\n    enabled: true\n    path: %s/logs/audio2face.log\n' "$dir" > "$dir/config.yaml"
    if [ -n "$prepare_log" ]; then $prepare_log "$dir/logs/audio2face.log"; fi
    (
        if [ -n "$nofile" ]; then ulimit -n "$nofile"; fi
        exec "$bin" serve --config "$dir/config.yaml" --host 127.0.0.1 --port "$port"
    ) > "$dir/server.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 300); do
        curl -fsS "http://127.0.0.1:$port/ready" > /dev/null 2>&1 && return 0
        kill -0 "$pid" 2> /dev/null || break
        sleep 0.2
    done
    echo "error: the server did not become ready; see $dir/server.log" >&2
    tail -n 20 "$dir/server.log" >&2
    exit 1
}

url() { echo "ws://127.0.0.1:$port/api/v1/streaming_audio2face/ws"; }

# warm_up: a few streams, so that the baseline includes what the allocator keeps after first use.
warm_up() {
    "$bin" bench load --url "$(url)" --audio "$audio" --burst --users 2 --step-seconds 5 > "$dir/warmup.txt" 2>&1
    curl -fsS "http://127.0.0.1:$port/health" > /dev/null
    sleep 3
    rss_before=$(rss_kib)
}

# suffix: "" for the first round's files, "-N" for round N.
suffix() { if ((round > 1)); then echo "-$round"; fi; }

# begin_watch: the monitor and the real-time stream that run beside the attack.
begin_watch() {
    python3 "$tools/monitor.py" --pid "$pid" --port "$port" --out "$dir/monitor$(suffix).json" &
    monitor=$!
    "$bin" bench load --url "$(url)" --audio "$audio" --realtime --users 1 --step-seconds "$seconds" \
        --json "$dir/realtime$(suffix).json" > "$dir/realtime$(suffix).txt" 2>&1 &
    realtime=$!
}

# end_watch: waits for the real-time stream, lets the server settle and records its RSS.
end_watch() {
    wait "$realtime" || true
    if kill -0 "$pid" 2> /dev/null; then sleep "$settle"; fi
    kill -TERM "$monitor" 2> /dev/null || true
    wait "$monitor" || true
    local rss
    rss=$(rss_kib)
    rss_after+=("${rss:-null}")
    echo "  round $round: RSS ${rss_before:-?} -> ${rss:-?} KiB"
}

# stop_server: stops the server with SIGTERM (a drain that does not end within 45 s is reported as a
# hang), or collects its exit status when it died, and writes run.json.
stop_server() {
    local alive=true exit_code=null shutdown
    if ! kill -0 "$pid" 2> /dev/null; then
        alive=false
        exit_code=0
        wait "$pid" || exit_code=$?
        shutdown="server had died (exit $exit_code)"
    else
        local began=$SECONDS status=0
        kill -TERM "$pid"
        for _ in $(seq 1 450); do kill -0 "$pid" 2> /dev/null || break; sleep 0.1; done
        if kill -0 "$pid" 2> /dev/null; then
            kill -KILL "$pid"
            wait "$pid" || true
            shutdown="hung: still running 45 s after SIGTERM (killed)"
        else
            wait "$pid" || status=$?
            shutdown="SIGTERM, exit $status in $((SECONDS - began)) s"
        fi
    fi
    pid=""
    local rounds_json
    rounds_json=$(IFS=,; echo "${rss_after[*]}")
    printf '{"name": "%s", "title": "%s", "alive": %s, "exit_code": %s, "shutdown": "%s", %s}\n' \
        "$current" "$title" "$alive" "$exit_code" "$shutdown" \
        "\"rss_before_kib\": ${rss_before:-null}, \"rss_after_kib\": [$rounds_json], \"seconds\": $seconds" \
        > "$dir/run.json"
    echo "  $title: alive $alive; $shutdown"
}

# run_client COMMAND…: an attack client whose failure is reported but does not end the run (the
# report then shows what is missing).
run_client() {
    local status=0
    "$@" || status=$?
    if ((status)); then echo "  the attack client $(basename "$2") exited with status $status" >&2; fi
}

make_big_log() { python3 "$tools/tail_log.py" make-log --path "$1" --megabytes 110 > /dev/null; }

started=()
prepare_log=""
for current in "${selected[@]}"; do
    prepare_log=""
    nofile=""
    case $current in
        connection-flood) title="1. connection flood: 1,100 idle + 500 half heads + 1 trickler" ;;
        descriptor-exhaustion) title="2. ulimit -n 1024: 1,005 idle connections + 4 busy streams"; nofile=1024 ;;
        fragment-flood) title="3. fragment flood: 1-byte and empty fragments, 8 connections" ;;
        log-flood) title="4. log flood: 16 KB hostile strings, 4 streams + 2 failing in a loop" ;;
        tail-log) title="5. 2 × /tail_log/10000 in a loop on a 110 MB log"; prepare_log=make_big_log ;;
        fast-senders-long) title="6a. 8 fast senders (long streams, unpaced) + 1 real-time" ;;
        fast-senders-burst) title="6b. 8 fast senders (bench load --burst) + 1 real-time" ;;
    esac
    echo "== $title"
    start_server "$current" "$nofile"
    warm_up
    rss_after=()
    for round in $(seq 1 "$rounds"); do
        kill -0 "$pid" 2> /dev/null || break
        begin_watch
        case $current in
            connection-flood)
                run_client python3 "$tools/conn_flood.py" --port "$port" --seconds "$seconds" --idle 1100 --half 500 \
                    --tricklers 1 --sources "$sources" --out "$dir/client$(suffix).json"
                ;;
            descriptor-exhaustion)
                python3 "$tools/fast_senders.py" --port "$port" --wav "$fast_wav" --streams 4 \
                    --seconds "$seconds" --out "$dir/busy$(suffix).json" &
                busy=$!
                sleep 2
                run_client python3 "$tools/conn_flood.py" --port "$port" --seconds "$((seconds - 2))" \
                    --idle 1005 --half 0 --tricklers 0 --sources "$sources" --out "$dir/client$(suffix).json"
                wait "$busy" || true
                ;;
            fragment-flood)
                run_client python3 "$tools/fragment_flood.py" --port "$port" --seconds "$seconds" --connections 8 \
                    --out "$dir/client$(suffix).json"
                ;;
            log-flood)
                run_client python3 "$tools/log_flood.py" --port "$port" --seconds "$seconds" --persistent 4 --churn 2 \
                    --server-log "$dir/server.log" --log-file "$dir/logs/audio2face.log" \
                    --out "$dir/client$(suffix).json"
                ;;
            tail-log)
                run_client python3 "$tools/tail_log.py" hammer --port "$port" --lines 10000 --parallel 2 \
                    --seconds "$seconds" --out "$dir/client$(suffix).json"
                ;;
            fast-senders-long)
                run_client python3 "$tools/fast_senders.py" --port "$port" --wav "$fast_wav" --streams 8 \
                    --seconds "$seconds" --out "$dir/client$(suffix).json"
                ;;
            fast-senders-burst)
                "$bin" bench load --url "$(url)" --audio "$audio" --burst --users 8 --step-seconds "$seconds" \
                    --json "$dir/client$(suffix).json" > "$dir/burst$(suffix).txt" 2>&1 || true
                ;;
        esac
        end_watch
    done
    stop_server
done

{
    echo "Machine: $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p' | head -n 1); load average (1, 5, 15 min)"
    echo "$load_at_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end. Binary $bin;"
    echo "$rounds rounds of $seconds s per attack, each attack on a fresh server."
    echo
    python3 "$tools/report.py" "$out"
} | tee "$out/report.md"
exit "${PIPESTATUS[0]}"
