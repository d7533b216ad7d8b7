#!/usr/bin/env python3
"""Fragment flood over raw WebSocket: --connections workers, each of which, until --seconds are up,
upgrades a connection and sends one message as a flood of fragments until the server closes it, then
starts again. The patterns take turns: 1-byte fragments (up to a 1 MB message, one million fragments)
and empty continuation frames (up to one million) after a 1-byte first fragment. Every frame is
masked with its own random key (RFC 6455). Writes a JSON tally: messages tried, how each ended
(close code and reason, or a reset), fragments and bytes sent before the end.

Usage: fragment_flood.py --port PORT --seconds 45 --connections 8 --out fragments.json
"""
import argparse
import json
import os
import select
import socket
import threading
import time

from wire import OP_BINARY, OP_CLOSE, OP_CONTINUATION, HandshakeRefused, WebSocket, close_code, percentile

BATCH = 512
MAX_FRAGMENTS = 1_000_000


def masked_frames(payload_byte_count, count, first_opcode=None):
    """`count` masked frames (FIN clear) of `payload_byte_count` random bytes each, built in one go."""
    keys = os.urandom(4 * count)
    payloads = os.urandom(payload_byte_count * count)
    out = bytearray()
    for index in range(count):
        opcode = first_opcode if first_opcode is not None and index == 0 else OP_CONTINUATION
        out.append(opcode)  # FIN clear: the message goes on
        out.append(0x80 | payload_byte_count)
        key = keys[4 * index:4 * index + 4]
        out += key
        for offset in range(payload_byte_count):
            out.append(payloads[payload_byte_count * index + offset] ^ key[offset % 4])
    return bytes(out)


def flood_one(socket_, pattern):
    """Sends one fragmented message until the server ends it; returns (ending, fragments, bytes)."""
    fragments = sent_bytes = 0
    first = masked_frames(1, 1, first_opcode=OP_BINARY)
    fragment_size = 1 if pattern == "1-byte fragments" else 0
    try:
        socket_.sock.sendall(first)
        fragments, sent_bytes = 1, len(first)
        while fragments < MAX_FRAGMENTS:
            batch = masked_frames(fragment_size, BATCH)
            socket_.sock.sendall(batch)
            fragments += BATCH
            sent_bytes += len(batch)
            readable, _, _ = select.select([socket_.sock], [], [], 0)
            if readable:
                break
    except (BrokenPipeError, ConnectionResetError):
        pass
    except OSError as error:
        return f"send error {error.errno}", fragments, sent_bytes
    socket_.sock.settimeout(5)
    try:
        while True:
            fin, opcode, payload = socket_.read_frame()
            if opcode == OP_CLOSE:
                code, reason = close_code(payload)
                return f"close {code}: {reason}", fragments, sent_bytes
    except ConnectionResetError:
        return "connection reset without a close frame", fragments, sent_bytes
    except ConnectionError:
        return "closed without a close frame", fragments, sent_bytes
    except socket.timeout:
        return "no answer within 5 s" if fragments < MAX_FRAGMENTS else "whole message sent", fragments, sent_bytes


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--seconds", type=float, default=45)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    deadline = time.monotonic() + args.seconds
    lock = threading.Lock()
    endings = {}
    fragments_per_pattern = {}
    totals = {"messages": 0, "fragments": 0, "bytes": 0, "refused_upgrades": {}}

    def worker(index):
        turn = index
        while time.monotonic() < deadline:
            pattern = ("1-byte fragments", "empty continuation frames")[turn % 2]
            turn += 1
            try:
                socket_ = WebSocket.connect(args.host, args.port, timeout=10)
            except HandshakeRefused as refusal:
                with lock:
                    refused = totals["refused_upgrades"]
                    refused[refusal.status_line] = refused.get(refusal.status_line, 0) + 1
                time.sleep(0.5)
                continue
            except OSError as error:
                with lock:
                    refused = totals["refused_upgrades"]
                    refused[type(error).__name__] = refused.get(type(error).__name__, 0) + 1
                time.sleep(0.5)
                continue
            ending, fragments, sent = flood_one(socket_, pattern)
            socket_.sock.close()
            with lock:
                key = f"{pattern}: {ending}"
                endings[key] = endings.get(key, 0) + 1
                fragments_per_pattern.setdefault(pattern, []).append(fragments)
                totals["messages"] += 1
                totals["fragments"] += fragments
                totals["bytes"] += sent

    threads = [threading.Thread(target=worker, args=(index,)) for index in range(args.connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    summary = dict(totals)
    summary["endings"] = endings
    summary["fragments_sent_before_the_end"] = {
        pattern: {"p50": percentile(values, 50), "max": max(values)}
        for pattern, values in fragments_per_pattern.items()}
    with open(args.out, "w") as out:
        json.dump(summary, out, indent=1)


if __name__ == "__main__":
    main()
