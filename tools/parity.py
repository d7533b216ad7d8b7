#!/usr/bin/env python3
"""Runs a UniTalker-interface ONNX model on a WAV with Python onnxruntime, the way the Swift
UnitalkerEngine does, and writes the frames to JSON (and optionally CSV) for comparison.

The engine's algorithm, mirrored here (docs/onnx-engine.md explains it):
  * the stream is cut into consecutive segments of --segment-seconds (0 = the whole file as one
    segment); segment i gets the stream frames [F(start), F(end)) with F(s) = ceil(s * fps / 16000),
    all remaining frames for the last one;
  * each segment is run with up to --context-seconds of the audio just before it prepended; the model
    input starting at stream sample s0 is normalised as a whole, (x - mean) / sqrt(var + 1e-7), padded
    with zeros at the end to at least 1600 samples (0.1 s), and time_steps = N * fps // 16000;
  * stream frame k takes output row round(k - s0 * fps / 16000) (rounding half up), clamped to [0, T-1].

Usage:
  tools/.venv/bin/python tools/parity.py --model M.onnx --wav speech.wav --out frames.json \\
      [--run whole:0:0 --run segmented:1.0:0.5] [--csv frames.csv] [--fps 30] [--emo-id 10]
Each --run is NAME:SEGMENT_SECONDS:CONTEXT_SECONDS; without any, `whole:0:0` is used.
"""
import argparse
import json
import math
import wave

import numpy as np
import onnxruntime as ort

SAMPLE_RATE = 16000
MIN_INPUT_SAMPLES = 1600
ARKIT51 = [
    "EyeBlinkLeft", "EyeBlinkRight", "EyeSquintLeft", "EyeSquintRight", "EyeLookDownLeft",
    "EyeLookDownRight", "EyeLookInLeft", "EyeLookInRight", "EyeWideLeft", "EyeWideRight",
    "EyeLookOutLeft", "EyeLookOutRight", "EyeLookUpLeft", "EyeLookUpRight", "BrowDownLeft",
    "BrowDownRight", "BrowInnerUp", "BrowOuterUpLeft", "BrowOuterUpRight", "JawOpen", "MouthClose",
    "JawLeft", "JawRight", "JawForward", "MouthUpperUpLeft", "MouthUpperUpRight", "MouthLowerDownLeft",
    "MouthLowerDownRight", "MouthRollUpper", "MouthRollLower", "MouthSmileLeft", "MouthSmileRight",
    "MouthDimpleLeft", "MouthDimpleRight", "MouthStretchLeft", "MouthStretchRight", "MouthFrownLeft",
    "MouthFrownRight", "MouthPressLeft", "MouthPressRight", "MouthPucker", "MouthFunnel", "MouthLeft",
    "MouthRight", "MouthShrugLower", "MouthShrugUpper", "NoseSneerLeft", "NoseSneerRight", "CheekPuff",
    "CheekSquintLeft", "CheekSquintRight",
]


def read_wav(path):
    with wave.open(path) as source:
        if source.getframerate() != SAMPLE_RATE or source.getnchannels() != 1 or source.getsampwidth() != 2:
            raise SystemExit(f"{path}: need 16 kHz mono 16-bit PCM")
        data = source.readframes(source.getnframes())
    return (np.frombuffer(data, dtype="<i2").astype(np.float32) / 32768.0).astype(np.float32)


def frame_count(samples, fps):
    return math.ceil(samples * fps / SAMPLE_RATE)


def normalise(x):
    x64 = x.astype(np.float64)
    mean = x64.mean()
    var = ((x64 - mean) ** 2).mean()
    return ((x64 - mean) / math.sqrt(var + 1e-7)).astype(np.float32)


def run_stream(session, samples, fps, emo_id, segment_seconds, context_seconds):
    segment_samples = len(samples) if segment_seconds <= 0 else int(round(segment_seconds * SAMPLE_RATE))
    context_samples = int(round(context_seconds * SAMPLE_RATE))
    rows = []
    next_frame = 0
    start = 0
    while start < len(samples):
        end = min(len(samples), start + segment_samples)
        frames = range(next_frame, max(next_frame, frame_count(end, fps)))
        next_frame = frames.stop
        s0 = max(0, start - context_samples)
        if len(frames) > 0:
            x = normalise(samples[s0:end])
            if len(x) < MIN_INPUT_SAMPLES:
                x = np.concatenate([x, np.zeros(MIN_INPUT_SAMPLES - len(x), np.float32)])
            steps = max(1, len(x) * int(fps) // SAMPLE_RATE) if float(fps).is_integer() \
                else max(1, int(math.floor(len(x) * fps / SAMPLE_RATE)))
            out = session.run(None, {
                "audio": x[np.newaxis, :],
                "emo_id": np.array([emo_id], np.int32),
                "time_steps": np.array([steps], np.int32),
            })[0][0]
            for k in frames:
                row = math.floor(k - s0 * fps / SAMPLE_RATE + 0.5)
                rows.append(out[min(max(row, 0), out.shape[0] - 1)])
        start = end
    return np.array(rows, dtype=np.float32).reshape(-1, len(ARKIT51) if not rows else len(rows[0]))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True)
    parser.add_argument("--wav", required=True)
    parser.add_argument("--out", required=True, help="JSON output")
    parser.add_argument("--csv", help="also write the first run as CSV (header: channel names)")
    parser.add_argument("--fps", type=float, default=30.0)
    parser.add_argument("--emo-id", type=int, default=10)
    parser.add_argument("--run", action="append", default=[], help="NAME:SEGMENT_SECONDS:CONTEXT_SECONDS")
    parser.add_argument("--threads", type=int, default=1, help="intra-op threads")
    args = parser.parse_args()

    options = ort.SessionOptions()
    options.intra_op_num_threads = args.threads
    session = ort.InferenceSession(args.model, options, providers=["CPUExecutionProvider"])
    samples = read_wav(args.wav)
    runs = []
    for spec in args.run or ["whole:0:0"]:
        name, segment_seconds, context_seconds = spec.split(":")
        frames = run_stream(session, samples, args.fps, args.emo_id, float(segment_seconds), float(context_seconds))
        runs.append({
            "name": name,
            "segment_seconds": float(segment_seconds),
            "context_seconds": float(context_seconds),
            "frame_count": int(frames.shape[0]),
            "frames": [[float(f"{v:.8g}") for v in row] for row in frames],
        })
        print(f"{name}: {frames.shape[0]} frames x {frames.shape[1]} channels")
    document = {
        "generator": "tools/parity.py",
        "onnxruntime_version": ort.__version__,
        "model": args.model.split("/")[-1],
        "wav": args.wav.split("/")[-1],
        "fps": args.fps,
        "emo_id": args.emo_id,
        "sample_count": int(len(samples)),
        "channel_names": ARKIT51,
        "runs": runs,
    }
    with open(args.out, "w") as out:
        json.dump(document, out)
    if args.csv:
        with open(args.csv, "w") as out:
            out.write("frame," + ",".join(ARKIT51) + "\n")
            for index, row in enumerate(runs[0]["frames"]):
                out.write(f"{index}," + ",".join(repr(v) for v in row) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
