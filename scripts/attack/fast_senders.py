#!/usr/bin/env python3
"""Fast senders: --streams WebSocket streams, each of which sends the --wav file over and over as
one long stream, as fast as the server reads it (no pacing at all), while a reader drains the
replies, until --seconds are up; then it ends the stream and waits up to 60 s for its end message
(audio still in the socket buffers is read at the server's pace first). Writes, per stream and in
total, the audio seconds handed to the socket, the reply messages and the speed (audio seconds
handed to the socket per wall-clock second, which includes what the kernel buffers hold).

Usage: fast_senders.py --port PORT --wav speech.wav --streams 8 --seconds 45 --out fast.json
"""
import argparse
import json
import threading
import time

from wire import (OP_CLOSE, RESPONSE_END, HandshakeRefused, WebSocket, body_message, close_code, end_message,
                  read_wav, response_class_name, start_message)


def read_replies(socket_, state):
    try:
        while True:
            opcode, payload = socket_.read_message()
            if opcode == OP_CLOSE:
                state["close"] = close_code(payload)
                return
            state["messages"] += 1
            if response_class_name(payload) == RESPONSE_END:
                state["ended"] = True
                return
    except (OSError, ConnectionError) as error:
        state["reader_error"] = type(error).__name__


def stream(args, index, pcm_format, pcm, deadline, results):
    rate, width, channels = pcm_format
    chunk = int(rate * args.chunk_ms / 1000) * width * channels
    bytes_per_second = rate * width * channels
    state = {"close": None, "messages": 0, "ended": False}
    try:
        socket_ = WebSocket.connect(args.host, args.port)
    except (OSError, HandshakeRefused) as error:
        results[index] = {"error": str(error)}
        return
    socket_.sock.settimeout(60)  # replies pause while the server holds a fast stream to its pace
    reader = threading.Thread(target=read_replies, args=(socket_, state), daemon=True)
    reader.start()
    began = time.monotonic()
    sent = position = 0
    try:
        socket_.send_binary(start_message(f"fast-{index}", "", rate, width, channels))
        while time.monotonic() < deadline and state["close"] is None:
            piece = pcm[position:position + chunk]
            position = position + chunk if position + chunk < len(pcm) else 0
            socket_.send_binary(body_message(piece))
            sent += len(piece)
        sending_seconds = time.monotonic() - began
        if state["close"] is None:
            socket_.send_binary(end_message())
    except OSError as error:
        state["send_error"] = type(error).__name__
        sending_seconds = time.monotonic() - began
    reader.join(timeout=60)
    socket_.close()
    audio_seconds = sent / bytes_per_second
    results[index] = {
        "audio_seconds_sent": round(audio_seconds, 1),
        "sending_seconds": round(sending_seconds, 1),
        "speed": round(audio_seconds / max(sending_seconds, 1e-9), 2),
        "reply_messages": state["messages"],
        "ended": state["ended"],
        "close": state["close"],
        "send_error": state.get("send_error"),
        "reader_error": state.get("reader_error"),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--wav", required=True)
    parser.add_argument("--streams", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=45)
    parser.add_argument("--chunk-ms", type=float, default=40)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    rate, width, channels, pcm = read_wav(args.wav)
    deadline = time.monotonic() + args.seconds
    results = {}
    threads = [threading.Thread(target=stream, args=(args, i, (rate, width, channels), pcm, deadline, results))
               for i in range(args.streams)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    speeds = [result["speed"] for result in results.values() if "speed" in result]
    summary = {
        "streams": args.streams,
        "audio_seconds_sent": round(sum(r.get("audio_seconds_sent", 0) for r in results.values()), 1),
        "speed_min": min(speeds) if speeds else None,
        "speed_max": max(speeds) if speeds else None,
        "ended_cleanly": sum(1 for r in results.values() if r.get("ended")),
        "per_stream": [results[i] for i in sorted(results)],
    }
    with open(args.out, "w") as out:
        json.dump(summary, out, indent=1)


if __name__ == "__main__":
    main()
