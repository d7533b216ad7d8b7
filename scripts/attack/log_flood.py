#!/usr/bin/env python3
"""Log flood: hostile client strings and repeated bad messages, then an account of what reached the
server's log.

* --persistent streams each start with a request_id of --id-bytes and a profile_name of --field-bytes
  full of control characters, quotes and `key=value` look-alikes (an unknown profile: a warning), then send
  40 ms bodies of silence at 4x real time, each with a different unknown, equally long offset_name
  (a warning each, were they not rate limited), until --seconds are up, and end cleanly.
* --churn workers open stream after stream with the same hostile start and then a bad message
  (bytes that are no protobuf, a second start, a text frame, in turn), so that each stream is failed.

Afterwards it reads the part of the server's console log (--server-log) written meanwhile and counts
bytes per stream (lines are attributed by the request_id prefix, which survives truncation), warning
bytes per persistent stream per minute, total bytes per minute, and raw control characters that
reached the log unescaped. Per-minute figures are scaled from the run's length: run it for 30 s or
more, since a stream's first lines (and its first warnings of each kind) all come at once.

Usage: log_flood.py --port PORT --server-log server.log [--log-file audio2face.log] --out logflood.json
"""
import argparse
import json
import os
import re
import threading
import time

from wire import (OP_CLOSE, OP_TEXT, HandshakeRefused, WebSocket, body_message, close_code, end_message,
                  start_message)

HOSTILE = 'a"c=d e \x1b[31mred\x1b[0m \x0b\x0c\r\n\t\x00\x7f\u0085\u2028\u2029 level=critical '
RAW_CONTROL = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xa8\xa9]")


def hostile_text(prefix, length):
    """`length` bytes (in UTF-8) of `prefix` followed by the hostile pattern, repeated."""
    filler = HOSTILE * (length // len(HOSTILE) + 1)
    return (prefix + filler).encode("utf-8")[:length].decode("utf-8", "ignore")


def drain(socket_, state):
    """Reads replies until the close; records the close code."""
    try:
        while True:
            opcode, payload = socket_.read_message()
            if opcode == OP_CLOSE:
                state["close"] = close_code(payload)[0]
                return
    except (OSError, ConnectionError):
        return


def persistent_stream(args, index, deadline, results):
    request_id = hostile_text(f"flood-p{index}-", args.id_bytes)
    profile = hostile_text("no-such-profile-", args.field_bytes)
    silence = bytes(1280)  # 40 ms of 16 kHz 16-bit mono
    state = {"close": None, "bodies": 0}
    try:
        socket_ = WebSocket.connect(args.host, args.port)
    except (OSError, HandshakeRefused) as error:
        results[f"p{index}"] = {"error": str(error)}
        return
    reader = threading.Thread(target=drain, args=(socket_, state), daemon=True)
    reader.start()
    try:
        socket_.send_binary(start_message(request_id, profile))
        began = time.monotonic()
        while time.monotonic() < deadline and state["close"] is None:
            offset = hostile_text(f"no-such-offset-{state['bodies']}-", args.field_bytes)
            socket_.send_binary(body_message(silence, offset))
            state["bodies"] += 1
            pause = began + state["bodies"] * 0.01 - time.monotonic()
            if pause > 0:
                time.sleep(pause)
        if state["close"] is None:
            socket_.send_binary(end_message())
    except OSError:
        pass
    reader.join(timeout=10)
    socket_.close()
    results[f"p{index}"] = {"bodies": state["bodies"], "close": state["close"]}


def churn_worker(args, index, deadline, tally):
    count = 0
    while time.monotonic() < deadline:
        request_id = hostile_text(f"flood-c{index}x{count}-", args.id_bytes)
        profile = hostile_text("no-such-profile-", args.field_bytes)
        try:
            socket_ = WebSocket.connect(args.host, args.port)
        except (OSError, HandshakeRefused) as error:
            key = f"refused: {error}"
            tally[key] = tally.get(key, 0) + 1
            time.sleep(0.2)
            continue
        try:
            socket_.sock.settimeout(10)
            socket_.send_binary(start_message(request_id, profile))
            bad = count % 3
            if bad == 0:
                socket_.send_binary(b"\xff\xfe not a protobuf " + HOSTILE.encode())
            elif bad == 1:
                socket_.send_binary(start_message(request_id, profile))
            else:
                socket_.send(OP_TEXT, ("text frame " + HOSTILE).encode())
            state = {"close": None}
            drain(socket_, state)
            key = f"close {state['close']}"
        except OSError as error:
            key = f"error {type(error).__name__}"
        tally[key] = tally.get(key, 0) + 1
        socket_.close()
        count += 1


def account(log_bytes, seconds, persistent_count, churn_count):
    """What reached the log, attributed by the request_id prefixes of this flood. Lines of a failed
    churn stream that carry no stream id (the failure line names the connection only) stay
    unattributed; the churn streams are charged with all of those, an upper bound."""
    per_stream = {}
    warnings_per_stream = {}
    other = 0
    for line in log_bytes.split(b"\n"):
        if not line:
            continue
        if re.search(rb"stream\.id=\"?bench-", line):
            continue  # the real-time stream that runs beside every attack
        match = re.search(rb"stream\.id=\"?(flood-[pc]\d+(?:x\d+)?)-", line)
        if not match:
            other += len(line) + 1
            continue
        key = match.group(1).decode()
        per_stream[key] = per_stream.get(key, 0) + len(line) + 1
        if b" WARNING " in line:
            warnings_per_stream[key] = warnings_per_stream.get(key, 0) + len(line) + 1
    minutes = seconds / 60
    persistent = {key: value for key, value in per_stream.items() if key.startswith("flood-p")}
    churn_bytes = sum(value for key, value in per_stream.items() if key.startswith("flood-c")) + other
    persistent_warnings = [warnings_per_stream.get(f"flood-p{i}", 0) for i in range(persistent_count)]
    return {
        "log_bytes": len(log_bytes),
        "log_bytes_per_minute": round(len(log_bytes) / minutes),
        "persistent_streams_logged": len(persistent),
        "persistent_bytes_per_stream_per_minute_max": round(max(persistent.values()) / minutes) if persistent else None,
        "persistent_warning_bytes_per_stream_per_minute_max": round(max(persistent_warnings) / minutes)
        if persistent_warnings else None,
        "churn_streams": churn_count,
        "churn_bytes_per_stream_at_most": round(churn_bytes / churn_count) if churn_count else None,
        "raw_control_characters": len(RAW_CONTROL.findall(log_bytes)),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--seconds", type=float, default=45)
    parser.add_argument("--persistent", type=int, default=4)
    parser.add_argument("--churn", type=int, default=2)
    parser.add_argument("--field-bytes", type=int, default=16384, help="length of profile_name and offset_name")
    parser.add_argument("--id-bytes", type=int, default=250,
                        help="length of request_id (the server refuses more than 256 bytes with 1008)")
    parser.add_argument("--server-log", required=True, help="the server's console output")
    parser.add_argument("--log-file", help="the server's file log, also checked for raw control characters")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    offset = os.path.getsize(args.server_log)
    file_offset = os.path.getsize(args.log_file) if args.log_file and os.path.exists(args.log_file) else 0
    began = time.monotonic()
    deadline = began + args.seconds
    results, tally = {}, {}
    threads = [threading.Thread(target=persistent_stream, args=(args, i, deadline, results))
               for i in range(args.persistent)]
    threads += [threading.Thread(target=churn_worker, args=(args, i, deadline, tally)) for i in range(args.churn)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    time.sleep(1)
    seconds = time.monotonic() - began
    with open(args.server_log, "rb") as log:
        log.seek(offset)
        written = log.read()
    summary = {"seconds": round(seconds, 1), "field_bytes": args.field_bytes, "id_bytes": args.id_bytes,
               "persistent": results, "churn_endings": tally}
    summary.update(account(written, seconds, args.persistent,
                           sum(count for key, count in tally.items() if not key.startswith("refused"))))
    if args.log_file and os.path.exists(args.log_file):
        with open(args.log_file, "rb") as log:
            log.seek(min(file_offset, os.path.getsize(args.log_file)))
            summary["file_log_raw_control_characters"] = len(RAW_CONTROL.findall(log.read()))
    with open(args.out, "w") as out:
        json.dump(summary, out, indent=1)


if __name__ == "__main__":
    main()
