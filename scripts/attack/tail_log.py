#!/usr/bin/env python3
"""/tail_log on a large log.

  tail_log.py make-log --path FILE [--megabytes 110] [--line-bytes 1048576]
      writes a log of --megabytes made of --line-bytes long lines (in the server's human line format)
      where the server's file log will live, before the server starts;
  tail_log.py hammer --port PORT [--lines 10000] [--parallel 2] [--seconds 45] --out tail.json
      runs --parallel clients that request GET /tail_log/LINES back to back until --seconds are up,
      and writes how long each request took, the statuses and the response sizes.
"""
import argparse
import http.client
import json
import threading
import time

from wire import percentile


def make_log(args):
    line_bytes = max(80, args.line_bytes)
    total = args.megabytes * 1_000_000
    written = index = 0
    with open(args.path, "wb") as log:
        while written < total:
            head = (f"2026-12-01T00:00:{index % 60:02d}.000Z attack-host audio2face INFO filler line "
                    f"line.index={index} text=")
            line = head.encode() + b"x" * (line_bytes - len(head) - 1) + b"\n"
            log.write(line)
            written += len(line)
            index += 1
    print(f"{args.path}: {written} bytes in {index} lines of {line_bytes} bytes")


def hammer(args):
    deadline = time.monotonic() + args.seconds
    lock = threading.Lock()
    durations, statuses, sizes = [], {}, []

    def client():
        while time.monotonic() < deadline:
            began = time.monotonic()
            connection = http.client.HTTPConnection(args.host, args.port, timeout=args.timeout)
            try:
                connection.request("GET", f"/tail_log/{args.lines}")
                response = connection.getresponse()
                body = response.read()
                outcome, size = str(response.status), len(body)
            except (OSError, http.client.HTTPException) as error:
                outcome, size = type(error).__name__, 0
            finally:
                connection.close()
            with lock:
                durations.append(time.monotonic() - began)
                statuses[outcome] = statuses.get(outcome, 0) + 1
                if size:
                    sizes.append(size)

    threads = [threading.Thread(target=client) for _ in range(args.parallel)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    summary = {
        "requests": len(durations),
        "parallel": args.parallel,
        "lines": args.lines,
        "statuses": statuses,
        "duration_p50_s": round(percentile(durations, 50), 3) if durations else None,
        "duration_max_s": round(max(durations), 3) if durations else None,
        "response_bytes_max": max(sizes) if sizes else None,
    }
    with open(args.out, "w") as out:
        json.dump(summary, out, indent=1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("make-log")
    make.add_argument("--path", required=True)
    make.add_argument("--megabytes", type=int, default=110)
    make.add_argument("--line-bytes", type=int, default=1_048_576)
    run = commands.add_parser("hammer")
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=int, required=True)
    run.add_argument("--lines", type=int, default=10000)
    run.add_argument("--parallel", type=int, default=2)
    run.add_argument("--seconds", type=float, default=45)
    run.add_argument("--timeout", type=float, default=120)
    run.add_argument("--out", required=True)
    args = parser.parse_args()
    make_log(args) if args.command == "make-log" else hammer(args)


if __name__ == "__main__":
    main()
