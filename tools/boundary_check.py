#!/usr/bin/env python3
"""End-to-end boundary check: does streamed UniTalker output jump where one segment ends and the next
begins? Compares CSVs written by `audio2face stream` (through a server running the UniTalker engine
with a postprocess profile that changes nothing) with the model run once on the whole file.

For the WAV (16 kHz mono 16-bit) it
  1. runs the model once on the whole file with Python onnxruntime (normalised as a whole,
     time_steps = N * fps // 16000, frame k = output row k): the offline reference;
  2. finds the server's segment boundaries by replaying the file through a copy of the service's
     Segmenter/EnergySplitter (Sources/Audio2Face/Streaming/Segmenter.swift), fed in the client's
     --chunk-ms pieces, with the default segmentation config (10 ms windows every 5 ms, energy
     threshold 1e4 in squared int16 units, segments 0.5 ... 1.0 s, forced cuts searched in the last
     0.3 s); a segment ending at sample e hands out frames up to ceil(e * fps / 16000), so the first
     frame of the next segment is F = ceil(e * fps / 16000);
  3. clamps the model output to [0, 1] as the service's Pipeline does after every profile (also one
     with no modules; --no-clamp compares raw values, for CSVs made some other way);
  4. for every streamed CSV (given as CONTEXT_SECONDS:PATH), simulates the engine on those segments
     (tools/parity.py's algorithm with that context) and reports the largest difference from the CSV,
     which confirms the boundaries and the context (float16 on the wire: ~1e-3; float32: ~1e-6);
  5. compares motion per channel: the largest frame-to-frame jump |y[F] - y[F-1]| at the segment
     boundaries of the streamed output against the largest frame-to-frame jump anywhere in the
     whole-file output, and the frame count against round(duration * fps).

Usage:
  tools/.venv/bin/python tools/boundary_check.py --model models/unitalker-reference.onnx \\
      --wav /tmp/speech20.wav --streamed 0.5:/tmp/streamed-ctx05.csv --streamed 0:/tmp/streamed-ctx0.csv \\
      [--json /tmp/boundary.json]
"""
import argparse
import csv
import json
import math

import numpy as np
import onnxruntime as ort

# Shared with tools/parity.py (same folder): the model contract's constants, WAV reading, normalisation.
from parity import ARKIT51, MIN_INPUT_SAMPLES, SAMPLE_RATE, read_wav
from parity import normalise as normalise_unpadded


class Segmenter:
    """Sources/Audio2Face/Streaming/Segmenter.swift + Audio/EnergySplitter.swift, sample for sample."""

    def __init__(self, window=0.01, hop=0.005, threshold=10000.0, min_segment=0.5, max_segment=1.0, search=0.3):
        self.window = max(1, round(window * SAMPLE_RATE))
        self.hop = max(1, round(hop * SAMPLE_RATE))
        self.threshold = np.float32(threshold / (32768.0 * 32768.0))
        self.min = round(min_segment * SAMPLE_RATE)
        self.max = max(1, round(max_segment * SAMPLE_RATE))
        self.search = round(search * SAMPLE_RATE)
        self.pending = np.zeros(0, np.float32)
        self.pending_start = 0
        self.scan_from = 0

    def mean_square(self, samples, start):
        window = samples[start:start + self.window]
        # Sequential float32 sum, as the Swift loop.
        return np.float32(np.cumsum(window * window, dtype=np.float32)[-1] / np.float32(self.window))

    def first_quiet_cut(self, samples, low, high, first_window):
        start = max(first_window, low - self.hop)
        start = (start + self.hop - 1) // self.hop * self.hop
        while start + self.window <= len(samples) and start + self.hop <= high:
            if self.mean_square(samples, start) < self.threshold:
                return start + self.hop
            start += self.hop
        return None

    def quietest_cut(self, samples, low, high):
        best, best_energy = high, np.float32(np.inf)
        start = max(0, low - self.hop)
        start = (start + self.hop - 1) // self.hop * self.hop
        while start + self.window <= len(samples) and start + self.hop <= high:
            energy = self.mean_square(samples, start)
            if energy < best_energy:
                best_energy, best = energy, start + self.hop
            start += self.hop
        return best

    def scanned_limit(self, count):
        return 0 if count < self.window else (count - self.window) // self.hop * self.hop + self.hop

    def next_cut(self):
        low, high = max(1, self.min), self.max
        cut = self.first_quiet_cut(self.pending, low, high, self.scan_from)
        if cut is not None:
            return cut
        self.scan_from = self.scanned_limit(len(self.pending))
        if len(self.pending) < self.max:
            return None
        return self.quietest_cut(self.pending, max(low, self.max - self.search), self.max)

    def append(self, samples):
        self.pending = np.concatenate([self.pending, samples])
        segments = []
        while (cut := self.next_cut()) is not None:
            segments.append((self.pending_start, self.pending[:cut]))
            self.pending = self.pending[cut:]
            self.pending_start += cut
            self.scan_from = 0
        return segments

    def flush(self):
        segment = (self.pending_start, self.pending)
        self.pending_start += len(self.pending)
        self.pending = np.zeros(0, np.float32)
        self.scan_from = 0
        return segment


def segments_of(samples, chunk_samples):
    """(start, samples, is_final) as the server cuts a stream sent in chunks of chunk_samples."""
    segmenter = Segmenter()
    out = []
    for start in range(0, len(samples), chunk_samples):
        out += [(s, x, False) for s, x in segmenter.append(samples[start:start + chunk_samples])]
    s, x = segmenter.flush()
    out.append((s, x, True))
    return out


def normalise(x):
    out = normalise_unpadded(x)
    if len(out) < MIN_INPUT_SAMPLES:
        out = np.concatenate([out, np.zeros(MIN_INPUT_SAMPLES - len(out), np.float32)])
    return out


def run_model(session, x, fps, emo_id):
    steps = max(1, int(math.floor(len(x) * fps / SAMPLE_RATE)))
    return session.run(None, {
        "audio": x[np.newaxis, :], "emo_id": np.array([emo_id], np.int32),
        "time_steps": np.array([steps], np.int32)})[0][0]


def total_frames(count, fps):
    return math.ceil(count * fps / SAMPLE_RATE)


def simulate(session, samples, segments, context_seconds, fps, emo_id):
    """The engine's output for these segments (UnitalkerEngineStream + FrameTimeline)."""
    context = round(context_seconds * SAMPLE_RATE)
    rows = []
    next_frame = 0
    for start, x, final in segments:
        end = start + len(x)
        frames = range(next_frame, max(next_frame, total_frames(end, fps)))
        next_frame = frames.stop
        if len(frames) == 0:
            continue
        s0 = max(0, start - context)
        out = run_model(session, normalise(samples[s0:end]), fps, emo_id)
        for k in frames:
            rows.append(out[min(max(math.floor(k - s0 * fps / SAMPLE_RATE + 0.5), 0), out.shape[0] - 1)])
    return np.array(rows, np.float32)


def read_csv(path):
    with open(path) as source:
        reader = csv.reader(source)
        header = next(reader)
        names = header[2:]
        data = np.array([[float(v) for v in row[2:]] for row in reader if row], np.float64)
    missing = [n for n in ARKIT51 if n not in names]
    if missing:
        raise SystemExit(f"{path}: channels missing {missing[:5]} (stream with a profile that keeps ARKit-51)")
    return data[:, [names.index(n) for n in ARKIT51]]


def jumps(frames):
    return np.abs(np.diff(frames, axis=0))   # row k-1 is |y[k] - y[k-1]|


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="models/unitalker-reference.onnx")
    parser.add_argument("--wav", required=True)
    parser.add_argument("--streamed", action="append", default=[], help="CONTEXT_SECONDS:CSV from audio2face stream")
    parser.add_argument("--chunk-ms", type=float, default=40.0, help="the stream client's chunk length")
    parser.add_argument("--fps", type=float, default=30.0)
    parser.add_argument("--emo-id", type=int, default=10)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--no-clamp", action="store_true", help="do not clamp the Python output to [0, 1]")
    parser.add_argument("--json")
    args = parser.parse_args()

    options = ort.SessionOptions()
    options.intra_op_num_threads = args.threads
    session = ort.InferenceSession(args.model, options, providers=["CPUExecutionProvider"])
    samples = read_wav(args.wav)
    duration = len(samples) / SAMPLE_RATE
    expected = round(duration * args.fps)

    whole_out = run_model(session, normalise(samples), args.fps, args.emo_id)
    whole = np.array([whole_out[min(k, len(whole_out) - 1)] for k in range(total_frames(len(samples), args.fps))])
    clamp = (lambda x: x) if args.no_clamp else (lambda x: np.clip(np.nan_to_num(x, nan=0.0), 0.0, 1.0))
    raw_range = (float(whole.min()), float(whole.max()))
    whole = clamp(whole)
    whole_jumps = jumps(whole)
    whole_max = whole_jumps.max(axis=0)                  # per channel
    print(f"audio {duration:.3f} s; whole-file run: {len(whole_out)} model rows, {len(whole)} frames "
          f"(round(duration x fps) = {expected}); largest frame-to-frame jump {whole_jumps.max():.4f}, "
          f"mean {whole_jumps.mean():.4f}; raw value range {raw_range[0]:.3f} .. {raw_range[1]:.3f}"
          f"{'' if args.no_clamp else f', clamped to [0, 1] ({(whole == 0).mean():.0%} of values at 0)'}")

    segments = segments_of(samples, int(args.chunk_ms / 1000 * SAMPLE_RATE))
    boundaries = [total_frames(start, args.fps) for start, _, _ in segments[1:] if start < len(samples)]
    boundaries = sorted({b for b in boundaries if 0 < b < len(whole)})
    lengths = [len(x) / SAMPLE_RATE for _, x, _ in segments if len(x)]
    print(f"segments: {len(lengths)} ({min(lengths):.3f} .. {max(lengths):.3f} s); "
          f"{len(boundaries)} boundary frames")

    report = {"wav": args.wav, "clamped": not args.no_clamp, "raw_value_range": raw_range, "duration_seconds": duration, "expected_frames": expected,
              "whole_file_frames": len(whole), "whole_max_jump": float(whole_jumps.max()),
              "whole_mean_jump": float(whole_jumps.mean()), "segment_count": len(lengths),
              "boundary_frames": boundaries, "streams": []}
    for spec in args.streamed:
        context, path = spec.split(":", 1)
        streamed = read_csv(path)
        simulated = clamp(simulate(session, samples, segments, float(context), args.fps, args.emo_id))
        n = min(len(streamed), len(simulated), len(whole))
        sim_diff = float(np.abs(streamed[:n] - simulated[:n]).max())
        whole_diff = np.abs(streamed[:n] - whole[:n])
        j = jumps(streamed[:n])
        at = [b - 1 for b in boundaries if b < n]
        inside = np.ones(len(j), bool)
        inside[at] = False
        boundary_max = j[at].max(axis=0)                 # per channel
        ratio = boundary_max / np.maximum(whole_max, 1e-12)
        worst = int(np.argmax(ratio))
        entry = {
            "csv": path, "context_seconds": float(context), "frames": len(streamed),
            "frames_minus_expected": len(streamed) - expected,
            "max_diff_vs_python_simulation": sim_diff,
            "mean_abs_diff_vs_whole_file": float(whole_diff.mean()),
            "max_abs_diff_vs_whole_file": float(whole_diff.max()),
            "boundary_max_jump": float(j[at].max()), "boundary_mean_jump": float(j[at].mean()),
            "interior_max_jump": float(j[inside].max()), "interior_mean_jump": float(j[inside].mean()),
            "channels_with_boundary_jump_above_whole_max": int((ratio > 1).sum()),
            "max_ratio_boundary_to_whole_max": float(ratio.max()),
            "median_ratio_boundary_to_whole_max": float(np.median(ratio)),
            "worst_channel": ARKIT51[worst],
        }
        report["streams"].append(entry)
        print(f"\n{path} (context {float(context):g} s): {len(streamed)} frames "
              f"({len(streamed) - expected:+d} vs {expected}); max |streamed - python simulation| {sim_diff:.2e}; "
              f"vs whole file: mean |diff| {entry['mean_abs_diff_vs_whole_file']:.4f}, max {entry['max_abs_diff_vs_whole_file']:.4f}")
        print(f"  jumps at {len(at)} boundaries: max {entry['boundary_max_jump']:.4f}, mean {entry['boundary_mean_jump']:.4f}; "
              f"inside segments: max {entry['interior_max_jump']:.4f}, mean {entry['interior_mean_jump']:.4f}; "
              f"whole file: max {whole_jumps.max():.4f}, mean {whole_jumps.mean():.4f}")
        print(f"  per channel, largest boundary jump / largest whole-file jump: max {ratio.max():.2f} "
              f"({ARKIT51[worst]}), median {np.median(ratio):.2f}; channels above 1: {int((ratio > 1).sum())} of 51")
    if args.json:
        with open(args.json, "w") as out:
            json.dump(report, out, indent=2)


if __name__ == "__main__":
    main()
