#!/usr/bin/env python3
"""Bare Python onnxruntime throughput of a UniTalker-interface model, fed the way the Swift
UnitalkerEngine feeds it, to compare with `audio2face bench engine` / `audio2face bench load`.

What one stream does (as the engine and tools/parity.py; docs/onnx-engine.md):
  * the recording (16 kHz mono 16-bit WAV) is cut into consecutive segments of --segment-seconds
    (default 1.0, the service's max_segment_seconds); a segment owning no frames is not run;
  * each segment is run with up to --context-seconds (default 0.5) of the audio before it prepended;
    the model input is normalised as a whole, (x - mean) / sqrt(var + 1e-7) (population variance,
    double precision), padded with zeros to at least 1600 samples, emo_id = --emo-id (10) and
    time_steps = N * fps // 16000;
  * the time of one segment covers normalisation, the ORT run and picking the segment's rows
    (as the Swift benchmark times `stream.infer`).

Sessions: one InferenceSession with intra_op_num_threads = --threads, sequential execution, all graph
optimisations, the CPU memory arena, and spinning off unless --spinning 1 (the Swift engine turns
spinning off; Python onnxruntime's default is on). --parallel P runs P streams at once on P Python
threads sharing the one session (onnxruntime releases the GIL during run). Work: every recording
--repeats times (at least P streams in all), taken from a queue by the P threads.

Reports
  engine seconds per audio second  = sum of the per-segment times / audio seconds (with P = 1 this
                                     is exactly what `audio2face bench engine` calls real-time factor)
  audio seconds per wall second    = audio seconds / wall-clock time of the whole run (throughput)

Usage:
  tools/.venv/bin/python tools/bench_ort.py --model models/unitalker-reference.onnx \\
      --audio /tmp/speech20.wav --threads 1 --parallel 1 [--repeats 2] [--json out.json]
"""
import argparse
import json
import math
import os
import platform
import queue
import threading
import time
import wave

import numpy as np
import onnxruntime as ort

SAMPLE_RATE = 16000
MIN_INPUT_SAMPLES = 1600


def read_wav(path):
    """Samples as float32 int16/32768, or None when the file is not 16 kHz mono 16-bit."""
    try:
        source = wave.open(path)
    except wave.Error:  # e.g. WAVE_FORMAT_EXTENSIBLE (the 32-bit fixture)
        return None
    with source:
        if source.getframerate() != SAMPLE_RATE or source.getnchannels() != 1 or source.getsampwidth() != 2:
            return None
        data = source.readframes(source.getnframes())
    return (np.frombuffer(data, dtype="<i2").astype(np.float32) / 32768.0).astype(np.float32)


def load_recordings(path):
    paths = [path] if os.path.isfile(path) else sorted(
        os.path.join(path, name) for name in os.listdir(path) if name.lower().endswith(".wav"))
    recordings = []
    for file in paths:
        samples = read_wav(file)
        if samples is None:
            print(f"skipping {file}: not 16 kHz mono 16-bit")
        elif len(samples) > 0:
            recordings.append((os.path.basename(file), samples))
    if not recordings:
        raise SystemExit(f"no 16 kHz mono 16-bit WAV in {path}")
    return recordings


def normalise(x):
    x64 = x.astype(np.float64)
    mean = x64.mean()
    var = ((x64 - mean) ** 2).mean()
    out = ((x64 - mean) / math.sqrt(var + 1e-7)).astype(np.float32)
    if len(out) < MIN_INPUT_SAMPLES:
        out = np.concatenate([out, np.zeros(MIN_INPUT_SAMPLES - len(out), np.float32)])
    return out


def time_steps(count, fps):
    return max(1, int(math.floor(count * fps / SAMPLE_RATE)))


def run_model(session, x, fps, emo_id):
    return session.run(None, {
        "audio": x[np.newaxis, :],
        "emo_id": np.array([emo_id], np.int32),
        "time_steps": np.array([time_steps(len(x), fps)], np.int32),
    })[0][0]


def run_stream(session, samples, args):
    """Streams one recording segment by segment; returns (summed segment seconds, segment count)."""
    segment = max(1, int(args.segment_seconds * SAMPLE_RATE))
    context = int(round(args.context_seconds * SAMPLE_RATE))
    spent = 0.0
    runs = 0
    next_frame = 0
    start = 0
    while start < len(samples):
        end = min(len(samples), start + segment)
        last = math.ceil(end * args.fps / SAMPLE_RATE)
        frames = range(next_frame, max(next_frame, last))
        next_frame = frames.stop
        if len(frames) > 0:
            began = time.perf_counter()
            s0 = max(0, start - context)
            out = run_model(session, normalise(samples[s0:end]), args.fps, args.emo_id)
            rows = [out[min(max(math.floor(k - s0 * args.fps / SAMPLE_RATE + 0.5), 0), out.shape[0] - 1)]
                    for k in frames]
            np.stack(rows)
            spent += time.perf_counter() - began
            runs += 1
        start = end
    return spent, runs


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="models/unitalker-reference.onnx")
    parser.add_argument("--audio", required=True, help="a 16 kHz mono 16-bit WAV or a folder of them")
    parser.add_argument("--threads", type=int, default=1, help="intra-op threads per run")
    parser.add_argument("--parallel", type=int, default=1, help="streams run at once (threads sharing one session)")
    parser.add_argument("--spinning", type=int, choices=[0, 1], default=0, help="ORT intra-op spinning (Swift: 0)")
    parser.add_argument("--segment-seconds", type=float, default=1.0)
    parser.add_argument("--context-seconds", type=float, default=0.5)
    parser.add_argument("--repeats", type=int, default=2, help="times each recording is streamed")
    parser.add_argument("--fps", type=float, default=30.0)
    parser.add_argument("--emo-id", type=int, default=10)
    parser.add_argument("--json", help="write the result as JSON to this file")
    args = parser.parse_args()

    options = ort.SessionOptions()
    options.intra_op_num_threads = args.threads
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.enable_cpu_mem_arena = True
    options.add_session_config_entry("session.intra_op.allow_spinning", str(args.spinning))
    options.add_session_config_entry("session.inter_op.allow_spinning", str(args.spinning))
    loaded = time.perf_counter()
    session = ort.InferenceSession(args.model, options, providers=["CPUExecutionProvider"])
    load_seconds = time.perf_counter() - loaded
    recordings = load_recordings(args.audio)

    # Warm-up as the Swift engine's: one second of silence.
    run_model(session, normalise(np.zeros(SAMPLE_RATE, np.float32)), args.fps, args.emo_id)

    work = queue.Queue()
    streams = [samples for _ in range(max(1, args.repeats)) for _, samples in recordings]
    while len(streams) < args.parallel:
        streams += [samples for _, samples in recordings]
    for samples in streams:
        work.put(samples)
    lock = threading.Lock()
    totals = {"engine_seconds": 0.0, "audio_samples": 0, "runs": 0}
    failures = []

    def worker():
        try:
            while True:
                try:
                    samples = work.get_nowait()
                except queue.Empty:
                    return
                spent, runs = run_stream(session, samples, args)
                with lock:
                    totals["engine_seconds"] += spent
                    totals["audio_samples"] += len(samples)
                    totals["runs"] += runs
        except Exception as error:  # reported below, never swallowed
            failures.append(repr(error))

    threads = [threading.Thread(target=worker) for _ in range(max(1, args.parallel))]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    if failures:
        raise SystemExit("a run failed: " + "; ".join(failures))

    audio_seconds = totals["audio_samples"] / SAMPLE_RATE
    result = {
        "tool": "tools/bench_ort.py",
        "onnxruntime_version": ort.__version__,
        "python": platform.python_version(),
        "model": args.model,
        "audio": args.audio,
        "threads": args.threads,
        "parallel": args.parallel,
        "spinning": args.spinning,
        "segment_seconds": args.segment_seconds,
        "context_seconds": args.context_seconds,
        "streams": len(streams),
        "segment_runs": totals["runs"],
        "load_seconds": load_seconds,
        "audio_seconds": audio_seconds,
        "wall_seconds": wall,
        "engine_seconds": totals["engine_seconds"],
        "engine_seconds_per_audio_second": totals["engine_seconds"] / audio_seconds,
        "audio_seconds_per_wall_second": audio_seconds / wall,
    }
    print(
        f"onnxruntime {ort.__version__} (python): {args.threads} thread(s) x {args.parallel} parallel, "
        f"{audio_seconds:.1f} s of audio in {len(streams)} streams, {totals['runs']} runs "
        f"(segments of {args.segment_seconds:.2f} s + {args.context_seconds:.2f} s context): "
        f"engine {result['engine_seconds_per_audio_second']:.4f} s per audio s, "
        f"throughput {result['audio_seconds_per_wall_second']:.2f} audio-s per wall-s "
        f"(wall {wall:.2f} s, load {load_seconds:.2f} s)")
    if args.json:
        with open(args.json, "w") as out:
            json.dump(result, out, indent=2)


if __name__ == "__main__":
    main()
