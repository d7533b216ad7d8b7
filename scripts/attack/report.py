#!/usr/bin/env python3
"""Summarises an attack run: reads each attack's folder under OUT (run.json written by
scripts/attack.sh, monitor.json, realtime.json from `bench load`, and the attack client's JSON) and
prints a markdown table, the details per attack, and each target of issue 19 as MET or MISSED with
the margin. Exits 0 when every target is met, 2 otherwise.

Usage: report.py OUT
"""
import json
import os
import sys

HEALTH_LIMIT_MS = 1000
RSS_DRIFT_LIMIT = 10.0
LAG_LIMIT_S = 1.0
WARNING_LOG_LIMIT = 64 * 1024


def load(folder, name):
    path = os.path.join(folder, name)
    if not os.path.exists(path):
        return None
    with open(path) as file:
        return json.load(file)


def mb(kib):
    return f"{kib / 1024:.1f}" if kib else "?"


def connection_limit(folder):
    """The `connection limits` line the server logged at start-up, as key=value text."""
    try:
        with open(os.path.join(folder, "server.log"), errors="replace") as log:
            for line in log:
                if "connection limits" in line:
                    return " ".join(part for part in line.split() if part.startswith(("server.max", "process.")))
    except OSError:
        pass
    return "?"


def attack_note(name, client, folder, round_suffix=""):
    """One line of what the attack client saw."""
    if not client:
        return ""
    if name in ("connection-flood", "descriptor-exhaustion"):
        parts = [connection_limit(folder)]
        busy = load(folder, f"busy{round_suffix}.json")
        if busy:
            parts.append(f"busy streams: {busy['streams']} sent {busy['audio_seconds_sent']} audio-s, "
                         f"{busy['ended_cleanly']} ended cleanly")
        for kind, stats in client["kinds"].items():
            answers = ", ".join(f"{count}× {answer}" for answer, count in
                                sorted(stats["answers"].items(), key=lambda item: -item[1])[:3])
            longest = max(v for v in (stats["held_max_s"], stats["still_open_longest_s"]) if v is not None) \
                if (stats["held_max_s"] is not None or stats["still_open_longest_s"] is not None) else None
            parts.append(f"{kind}: {stats['opened']} opened, ≤ {stats['max_open_at_once']} open at once, "
                         f"closed by the server after p50 {stats['held_p50_s']} s, longest held {longest} s; "
                         f"{answers or 'no answers'}")
        return "; ".join(parts)
    if name == "fragment-flood":
        endings = ", ".join(f"{count}× {ending}" for ending, count in
                            sorted(client["endings"].items(), key=lambda item: -item[1])[:3])
        return f"{client['messages']} messages, {client['fragments']:,} fragments sent; {endings}"
    if name == "log-flood":
        return (f"log {client['log_bytes_per_minute'] / 1024:,.0f} KB/min in total; per persistent stream "
                f"{client['persistent_bytes_per_stream_per_minute_max']} B/min, of which warnings "
                f"{client['persistent_warning_bytes_per_stream_per_minute_max']} B/min; "
                f"{client['churn_streams']} failed streams at ≤ {client['churn_bytes_per_stream_at_most']} B "
                f"each; {client['raw_control_characters']} raw control characters")
    if name == "tail-log":
        return (f"{client['requests']} × /tail_log/{client['lines']} ({client['parallel']} parallel): "
                f"p50 {client['duration_p50_s']} s, max {client['duration_max_s']} s, "
                f"≤ {(client['response_bytes_max'] or 0) / 1024:.0f} KB; {client['statuses']}")
    if name.startswith("fast-senders"):
        if "per_stream" in client:
            return (f"{client['streams']} streams, {client['audio_seconds_sent']} audio-s sent, "
                    f"speed {client['speed_min']}–{client['speed_max']}× real time")
        level = client[0]
        return (f"{level['users']} burst users: {level['completedStreams']} streams, "
                f"{level['audioSeconds']:.0f} audio-s, {level['errors']} errors")
    return ""


def suffix(round_number):
    return "" if round_number == 1 else f"-{round_number}"


def drift_percent(before, after):
    return (after - before) / before * 100 if before and after else None


def main():
    out = sys.argv[1]
    folders = sorted(entry for entry in os.listdir(out) if os.path.exists(os.path.join(out, entry, "run.json")))
    rows, details, misses, checks = [], [], [], 0
    for entry in folders:
        folder = os.path.join(out, entry)
        run = load(folder, "run.json")
        name, title = run["name"], run["title"]
        before = run.get("rss_before_kib")
        afters = run.get("rss_after_kib")
        afters = afters if isinstance(afters, list) else [afters]
        rounds = max(1, len(afters))
        monitors = [load(folder, f"monitor{suffix(r)}.json") or {} for r in range(1, rounds + 1)]
        levels = [(load(folder, f"realtime{suffix(r)}.json") or [None])[0] for r in range(1, rounds + 1)]
        clients = [load(folder, f"client{suffix(r)}.json") for r in range(1, rounds + 1)]
        peak = max([m.get("rss_peak_kib") or 0 for m in monitors] + [v or 0 for v in afters] + [before or 0])
        alive = "yes" if run["alive"] else f"**no** (exit {run.get('exit_code')})"
        shutdown = run.get("shutdown", "")
        polls = sum(m.get("health_polls", 0) for m in monitors)
        failures = sum(m.get("health_failures", 0) for m in monitors)
        latency_max = max((m.get("health_latency_max_ms") or 0 for m in monitors), default=None)
        latency_p95 = max((m.get("health_latency_p95_ms") or 0 for m in monitors), default=None)
        health = f"{latency_max} / {latency_p95} ms, {failures} of {polls} not 200"
        lags = []
        for level in levels:
            lag = level.get("frameLagP95") if level else None
            text = f"{lag * 1000:.0f} ms" if lag is not None else "–"
            if level and level.get("errors"):
                text += f" ({level['errors']} of {level['errors'] + level['completedStreams']} streams failed)"
            lags.append(text)
        after_text = " → ".join(
            f"{mb(value)} MB ({drift_percent(before, value):+.1f} %)" if drift_percent(before, value) is not None
            else "?" for value in afters)
        rows.append(f"| {title} | {alive} | {health} | {mb(before)} / {mb(peak)} / {after_text} | "
                    f"{' / '.join(lags)} |")
        details.append(f"- **{title}** (shutdown: {shutdown})")
        for index in range(rounds):
            monitor, level = monitors[index], levels[index]
            details.append(f"  - round {index + 1}: {attack_note(name, clients[index], folder, suffix(index + 1))}; "
                           f"server CPU {monitor.get('server_cpu_percent')} % (machine "
                           f"{monitor.get('machine_cpu_busy_percent')} % busy), "
                           f"descriptors ≤ {monitor.get('descriptors_peak')}; "
                           f"/health {monitor.get('health_statuses')}"
                           f"{', errors ' + str(monitor.get('health_errors')) if monitor.get('health_errors') else ''}"
                           f", longest run of failed polls {monitor.get('health_longest_failure_streak')}")
            if level and level.get("errorReasons"):
                details.append(f"    real-time stream errors: {'; '.join(level['errorReasons'][:3])}")

        def check(ok, text):
            nonlocal checks
            checks += 1
            if not ok:
                misses.append(f"- MISSED {title}: {text}")

        check(run["alive"] and "exit 0" in shutdown, f"server alive {run['alive']}, shutdown {shutdown}")
        check(latency_max is not None and latency_max <= HEALTH_LIMIT_MS,
              f"/health max latency {latency_max} ms (limit {HEALTH_LIMIT_MS} ms)")
        answers = "; ".join(f"{m.get('health_statuses')} {m.get('health_errors')}" for m in monitors)
        check(failures == 0, f"/health not answered 200 in {failures} of {polls} polls ({answers})")
        first_drift = drift_percent(before, afters[0])
        first_text = "?" if first_drift is None else f"{first_drift:+.1f} %"
        check(first_drift is not None and first_drift <= RSS_DRIFT_LIMIT,
              f"RSS after the attack {mb(afters[0])} MB vs baseline {mb(before)} MB: {first_text} "
              f"(limit +{RSS_DRIFT_LIMIT:.0f} %)")
        if name.startswith("fast-senders"):
            for index, level in enumerate(levels):
                lag = level.get("frameLagP95") if level else None
                check(lag is not None and lag <= LAG_LIMIT_S,
                      f"round {index + 1}: real-time frame lag p95 {lag if lag is None else round(lag * 1000)} ms "
                      f"(limit {LAG_LIMIT_S * 1000:.0f} ms), {level and level.get('errors')} stream errors")
        if name == "log-flood":
            for index, client in enumerate(clients):
                if not client:
                    continue
                warnings = client["persistent_warning_bytes_per_stream_per_minute_max"]
                check(warnings is not None and warnings <= WARNING_LOG_LIMIT,
                      f"round {index + 1}: warning log {warnings} B per stream per minute (limit {WARNING_LOG_LIMIT})")
                check(client["raw_control_characters"] == 0 and client.get("file_log_raw_control_characters", 0) == 0,
                      f"round {index + 1}: {client['raw_control_characters']} raw control characters in the console "
                      f"log, {client.get('file_log_raw_control_characters')} in the file log")

    print("| attack | server alive | /health max / p95, polls not 200 | RSS before / peak / after each round | "
          "real-time lag p95 per round |")
    print("| --- | --- | --- | --- | --- |")
    print("\n".join(rows))
    print()
    print("\n".join(details))
    print()
    if misses:
        print(f"Targets: {checks - len(misses)} of {checks} met.")
        print("\n".join(misses))
        sys.exit(2)
    print(f"Targets: all {checks} met.")


if __name__ == "__main__":
    main()
