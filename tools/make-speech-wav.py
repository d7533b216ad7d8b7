#!/usr/bin/env python3
"""Synthesises a short spoken 16 kHz mono 16-bit WAV with espeak-ng, for test fixtures.

espeak-ng writes 22050 Hz; the audio is resampled to 16 kHz with an FFT (band-limited) resampler.
Usage: tools/.venv/bin/python tools/make-speech-wav.py [-o PATH] [--text TEXT]
"""
import argparse
import io
import subprocess
import wave

import numpy as np

DEFAULT_TEXT = "Hello there. This is a short test of the speech to face animation engine."


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-o", "--output", default="Tests/OnnxRuntimeTests/Fixtures/speech-16k.wav")
    parser.add_argument("--text", default=DEFAULT_TEXT)
    parser.add_argument("--voice", default="en")
    args = parser.parse_args()

    raw = subprocess.run(["espeak-ng", "-v", args.voice, "--stdout", args.text], check=True,
                         capture_output=True).stdout
    with wave.open(io.BytesIO(raw)) as source:
        rate = source.getframerate()
        frames = source.readframes(source.getnframes())
    samples = np.frombuffer(frames, dtype="<i2").astype(np.float64)
    target_count = int(round(len(samples) * 16000 / rate))
    spectrum = np.fft.rfft(samples)
    resampled = np.fft.irfft(spectrum[: target_count // 2 + 1], n=target_count) * (target_count / len(samples))
    pcm = np.clip(np.round(resampled), -32768, 32767).astype("<i2")
    with wave.open(args.output, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(pcm.tobytes())
    print(f"wrote {args.output}: {len(pcm) / 16000:.3f} s")


if __name__ == "__main__":
    main()
