#!/usr/bin/env python3
"""Connection flood: opens --idle TCP connections that send nothing, --half connections that send
a request head without its final blank line, and --tricklers connections that send a /health request
one byte per second; all from --sources loopback addresses (127.0.0.2, 127.0.0.3, …, so that the
per-address connection limit does not hide the total one). Whenever the server closes one, it is
opened again a second later, so the pressure holds for --seconds. Then writes a JSON summary: for
each kind, how many were opened, how the server answered (status line or plain close), and how long
the server held them (p50 and max), including the ones still open at the end.

Usage: conn_flood.py --port PORT --seconds 45 --idle 1100 --half 500 --tricklers 1 --out flood.json
"""
import argparse
import errno
import json
import selectors
import socket
import time

from wire import percentile

HALF_HEAD = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: attack-half-head\r\n"
TRICKLE_REQUEST = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: attack-trickle\r\n\r\n"
REOPEN_DELAY = 1.0


class Connection:
    def __init__(self, kind, source):
        self.kind = kind
        self.source = source
        self.sock = None
        self.connected_at = None
        self.sent = 0
        self.next_trickle = 0.0
        self.answer = None


class Flood:
    def __init__(self, args):
        self.args = args
        self.selector = selectors.DefaultSelector()
        self.stats = {}
        self.reopen_queue = []
        self.open_connections = []
        self.source_index = 0

    def kind_stats(self, kind):
        return self.stats.setdefault(kind, {"opened": 0, "connect_failed": {}, "answers": {}, "held": [],
                                            "still_open": 0, "still_open_held": [], "max_open_at_once": 0})

    def next_source(self):
        self.source_index += 1
        return f"127.0.0.{2 + self.source_index % self.args.sources}"

    def open(self, kind, now):
        connection = Connection(kind, self.next_source())
        stats = self.kind_stats(kind)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setblocking(False)
        try:
            sock.bind((connection.source, 0))
            code = sock.connect_ex((self.args.host, self.args.port))
        except OSError as error:
            sock.close()
            name = errno.errorcode.get(error.errno, str(error.errno))
            stats["connect_failed"][name] = stats["connect_failed"].get(name, 0) + 1
            self.reopen_queue.append((now + REOPEN_DELAY, kind))
            return
        if code not in (0, errno.EINPROGRESS):
            sock.close()
            name = errno.errorcode.get(code, str(code))
            stats["connect_failed"][name] = stats["connect_failed"].get(name, 0) + 1
            self.reopen_queue.append((now + REOPEN_DELAY, kind))
            return
        connection.sock = sock
        stats["opened"] += 1
        self.selector.register(sock, selectors.EVENT_WRITE, connection)

    def connected(self, connection, now):
        error = connection.sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
        if error:
            stats = self.kind_stats(connection.kind)
            name = errno.errorcode.get(error, str(error))
            stats["connect_failed"][name] = stats["connect_failed"].get(name, 0) + 1
            self.finish(connection, now, record=False)
            return
        connection.connected_at = now
        self.open_connections.append(connection)
        if connection.kind == "half-head":
            try:
                connection.sock.send(HALF_HEAD)
            except OSError:
                pass
        self.selector.modify(connection.sock, selectors.EVENT_READ, connection)

    def readable(self, connection, now):
        try:
            data = connection.sock.recv(4096)
        except BlockingIOError:
            return
        except OSError as error:
            connection.answer = connection.answer or errno.errorcode.get(error.errno, "error")
            data = b""
        if data and connection.answer is None:
            status = data.split(b"\r\n", 1)[0].decode("latin-1")
            connection.answer = " ".join(status.split(" ")[:2])
        if not data:
            self.finish(connection, now)

    def finish(self, connection, now, record=True):
        try:
            self.selector.unregister(connection.sock)
        except (KeyError, ValueError):
            pass
        connection.sock.close()
        if connection in self.open_connections:
            self.open_connections.remove(connection)
        if record:
            stats = self.kind_stats(connection.kind)
            answer = connection.answer or "closed without an answer"
            stats["answers"][answer] = stats["answers"].get(answer, 0) + 1
            stats["held"].append(now - connection.connected_at)
        self.reopen_queue.append((now + REOPEN_DELAY, connection.kind))

    def trickle(self, now):
        for connection in self.open_connections:
            if connection.kind == "trickle" and now >= connection.next_trickle and connection.sent < len(
                    TRICKLE_REQUEST):
                try:
                    connection.sock.send(TRICKLE_REQUEST[connection.sent:connection.sent + 1])
                    connection.sent += 1
                except OSError:
                    pass
                connection.next_trickle = now + 1.0

    def run(self):
        began = time.monotonic()
        deadline = began + self.args.seconds
        for kind, count in (("trickle", self.args.tricklers), ("idle", self.args.idle),
                            ("half-head", self.args.half)):
            for _ in range(count):
                self.open(kind, began)
        while True:
            now = time.monotonic()
            if now >= deadline:
                break
            for key, events in self.selector.select(timeout=0.1):
                connection = key.data
                if connection.connected_at is None:
                    self.connected(connection, now)
                else:
                    self.readable(connection, now)
            now = time.monotonic()
            self.trickle(now)
            due = [kind for at, kind in self.reopen_queue if at <= now]
            self.reopen_queue = [(at, kind) for at, kind in self.reopen_queue if at > now]
            for kind in due:
                self.open(kind, now)
            counts = {}
            for connection in self.open_connections:
                counts[connection.kind] = counts.get(connection.kind, 0) + 1
            for kind, count in counts.items():
                stats = self.kind_stats(kind)
                stats["max_open_at_once"] = max(stats["max_open_at_once"], count)
        end = time.monotonic()
        for connection in list(self.open_connections):
            stats = self.kind_stats(connection.kind)
            stats["still_open"] += 1
            stats["still_open_held"].append(end - connection.connected_at)
            connection.sock.close()
        summary = {"seconds": round(end - began, 1), "sources": self.args.sources, "kinds": {}}
        for kind, stats in self.stats.items():
            held = stats.pop("held")
            still = stats.pop("still_open_held")
            stats["closed_by_server"] = len(held)
            stats["held_p50_s"] = round(percentile(held, 50), 1) if held else None
            stats["held_max_s"] = round(max(held), 1) if held else None
            stats["still_open_longest_s"] = round(max(still), 1) if still else None
            summary["kinds"][kind] = stats
        return summary


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--seconds", type=float, default=45)
    parser.add_argument("--idle", type=int, default=1100)
    parser.add_argument("--half", type=int, default=500)
    parser.add_argument("--tricklers", type=int, default=1)
    parser.add_argument("--sources", type=int, default=8, help="loopback source addresses, from 127.0.0.2")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    summary = Flood(args).run()
    with open(args.out, "w") as out:
        json.dump(summary, out, indent=1)


if __name__ == "__main__":
    main()
