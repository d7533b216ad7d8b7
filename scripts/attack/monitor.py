#!/usr/bin/env python3
"""Watches the server during one attack: polls GET /health every --interval seconds on a new
connection with a --timeout deadline, samples VmRSS from /proc/PID/status every 100 ms and the open
descriptors every 500 ms, reads the CPU time the server and the whole machine used, and notes when
the process disappears. Runs until SIGTERM or SIGINT, then writes a JSON summary to --out.

Usage: monitor.py --pid PID --port PORT --out monitor.json [--interval 0.2] [--timeout 1.0]
"""
import argparse
import http.client
import json
import os
import signal
import threading
import time

from wire import percentile


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def cpu_seconds(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def machine_cpu_ticks():
    """(busy, total) jiffies of all CPUs from /proc/stat."""
    with open("/proc/stat") as stat:
        values = [int(value) for value in stat.readline().split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return sum(values) - idle, sum(values)


def open_descriptors(pid):
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return None


def poll_health(host, port, timeout):
    """(seconds, HTTP status or None, error text or None) of one /health request."""
    began = time.monotonic()
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        connection.request("GET", "/health")
        response = connection.getresponse()
        response.read()
        return time.monotonic() - began, response.status, None
    except (OSError, http.client.HTTPException) as error:
        return time.monotonic() - began, None, type(error).__name__
    finally:
        connection.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--interval", type=float, default=0.2)
    parser.add_argument("--timeout", type=float, default=1.0)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    began = time.monotonic()
    cpu_before = cpu_seconds(args.pid)
    machine_before = machine_cpu_ticks()
    rss_samples = []
    descriptor_samples = []
    gone_at = []

    def sample_memory():
        tick = 0
        while not stop.is_set():
            value = rss_kib(args.pid)
            if value is None:
                gone_at.append(round(time.monotonic() - began, 1))
                stop.set()
                return
            rss_samples.append(value)
            if tick % 5 == 0:
                descriptors = open_descriptors(args.pid)
                if descriptors is not None:
                    descriptor_samples.append(descriptors)
            tick += 1
            stop.wait(0.1)

    sampler = threading.Thread(target=sample_memory, daemon=True)
    sampler.start()

    latencies, statuses, errors = [], {}, {}
    streak = longest_streak = 0
    slowest_at = None
    while not stop.is_set():
        tick = time.monotonic()
        seconds, status, error = poll_health(args.host, args.port, args.timeout)
        latencies.append(seconds)
        if status is not None:
            statuses[str(status)] = statuses.get(str(status), 0) + 1
        else:
            errors[error] = errors.get(error, 0) + 1
        streak = streak + 1 if status != 200 else 0
        longest_streak = max(longest_streak, streak)
        if seconds >= max(latencies):
            slowest_at = round(tick - began, 1)
        stop.wait(max(0.0, args.interval - (time.monotonic() - tick)))
    sampler.join(timeout=1)
    cpu_after = cpu_seconds(args.pid)
    machine_after = machine_cpu_ticks()
    wall = time.monotonic() - began

    answered_200 = statuses.get("200", 0)
    summary = {
        "seconds": round(wall, 1),
        "health_polls": len(latencies),
        "health_ok": answered_200,
        "health_statuses": statuses,
        "health_errors": errors,
        "health_failures": len(latencies) - answered_200,
        "health_longest_failure_streak": longest_streak,
        "health_latency_max_ms": round(max(latencies) * 1000, 1) if latencies else None,
        "health_latency_p95_ms": round(percentile(latencies, 95) * 1000, 1) if latencies else None,
        "health_latency_p50_ms": round(percentile(latencies, 50) * 1000, 1) if latencies else None,
        "health_slowest_at_seconds": slowest_at,
        "rss_peak_kib": max(rss_samples) if rss_samples else None,
        "rss_samples": len(rss_samples),
        "descriptors_peak": max(descriptor_samples) if descriptor_samples else None,
        "server_cpu_percent": round((cpu_after - cpu_before) / wall * 100)
        if cpu_before is not None and cpu_after is not None else None,
        "machine_cpu_busy_percent": round((machine_after[0] - machine_before[0])
                                          / max(1, machine_after[1] - machine_before[1]) * 100),
        "process_gone_at_seconds": gone_at[0] if gone_at else None,
    }
    with open(args.out, "w") as out:
        json.dump(summary, out, indent=1)


if __name__ == "__main__":
    main()
