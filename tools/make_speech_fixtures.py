#!/usr/bin/env python3
"""Generates phoneme-labelled test speech with libespeak-ng (no downloads, deterministic).

Outputs (all 16 kHz mono 16-bit WAV):
  Tests/Audio2FaceTests/Fixtures/speech/<voice>-<n>.wav + .json   labelled sentences, two voices
  Tests/Audio2FaceServerTests/Fixtures/speech-short.wav           one ~3 s sentence
  Tests/Audio2FaceServerTests/Fixtures/speech-continuous.wav      >= 10 s, no pause longer than 100 ms

Phoneme timings come from libespeak-ng's espeakEVENT_PHONEME callbacks (initialised with
espeakINITIALIZE_PHONEME_EVENTS), read through ctypes. The 22.05 kHz synthesis is resampled to 16 kHz
with sox in repeatable mode without dither, so running this twice writes identical files.

Run through tools/make-speech-fixtures.sh, which checks the dependencies first.
"""

import ctypes
import json
import math
import os
import struct
import subprocess
import sys
import tempfile
import wave

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SPEECH_DIR = os.path.join(ROOT, "Tests", "Audio2FaceTests", "Fixtures", "speech")
SERVER_DIR = os.path.join(ROOT, "Tests", "Audio2FaceServerTests", "Fixtures")

# Two voices: an American male and a British female variant (different pitch and formants).
VOICES = [("en-us", "us"), ("en+f3", "gb-f3")]

# Sentences rich in bilabials (p, b, m), open (a), rounded (o, u) and spread (i, e) vowels.
SENTENCES = [
    "Bob and Pete bought a map at the beach.",
    "My papa keeps a big blue boat by the pool.",
    "Mom made blue bagels, and Pete ate a sweet peach.",
    "Bobby moved the bamboo boots back by the beam.",
    "Mabel saw a blue moon above the palm trees.",
    "Pam paid me for the soup and a pack of plums.",
]

SHORT_SENTENCE = "Bob and Pam bought a map at the market by the pool."
CONTINUOUS_TEXT = (
    "my papa keeps a big blue boat by the pool and every morning he paints it "
    "bright purple while mama bakes bread and pies for the people who pass by "
    "the little market near the harbour where boats bob on the water all day long "
    "and the children play ball on the beach until the sun goes down"
)

# Phoneme classes, by eSpeak phoneme mnemonic (English). '0' is left as "other": en-us says it
# unrounded [ɑ], en-gb rounded [ɒ].
BILABIAL = {"p", "b", "m"}
OPEN_VOWEL = {"a", "aa", "A:", "A", "aI", "aU", "A@"}
ROUNDED_VOWEL = {"u:", "u", "U", "oU", "O:", "O", "O@", "o@", "u@"}
SPREAD_VOWEL = {"i:", "i", "I", "e", "E", "eI"}
FRICATIVE = {"s", "z", "f", "v", "S", "Z", "T", "D", "h"}
STOPS = {"p", "b", "t", "d", "k", "g"}

ESPEAK_RATE = 22050
TARGET_RATE = 16000
QUIET_RMS = 100 / 32768
LEAD_SILENCE_SECONDS = 0.25  # digital silence before each labelled sentence, labelled "_"  # the reference energy splitter's threshold


def phoneme_class(symbol):
    if symbol.startswith("_"):
        return "silence"
    if symbol in BILABIAL:
        return "bilabial"
    if symbol in OPEN_VOWEL:
        return "open_vowel"
    if symbol in ROUNDED_VOWEL:
        return "rounded_vowel"
    if symbol in SPREAD_VOWEL:
        return "spread_vowel"
    if symbol in FRICATIVE:
        return "fricative"
    return "other"


class EventID(ctypes.Union):
    _fields_ = [("number", ctypes.c_int), ("name", ctypes.c_char_p), ("string", ctypes.c_char * 8)]


class Event(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("unique_identifier", ctypes.c_uint),
        ("text_position", ctypes.c_int),
        ("length", ctypes.c_int),
        ("audio_position", ctypes.c_int),
        ("sample", ctypes.c_int),
        ("user_data", ctypes.c_void_p),
        ("id", EventID),
    ]


SYNTH_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(Event))
AUDIO_OUTPUT_SYNCHRONOUS = 2
INITIALIZE_PHONEME_EVENTS = 0x0001
EVENT_LIST_TERMINATED = 0
EVENT_PHONEME = 7
RATE_PARAMETER = 1
WORDGAP_PARAMETER = 7


class Synthesizer:
    """libespeak-ng in synchronous retrieval mode: returns samples and phoneme onsets (in samples)."""

    def __init__(self):
        self.lib = ctypes.CDLL("libespeak-ng.so.1")
        rate = self.lib.espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, None, INITIALIZE_PHONEME_EVENTS)
        if rate != ESPEAK_RATE:
            raise SystemExit(f"libespeak-ng reports {rate} Hz; expected {ESPEAK_RATE}")
        self._samples = []
        self._events = []
        self._callback = SYNTH_CALLBACK(self._on_synth)
        self.lib.espeak_SetSynthCallback(self._callback)

    def _on_synth(self, wav, count, events):
        if count > 0:
            self._samples.extend(wav[:count])
        index = 0
        while events[index].type != EVENT_LIST_TERMINATED:
            event = events[index]
            if event.type == EVENT_PHONEME:
                symbol = bytes(event.id.string).split(b"\0")[0].decode("utf-8", "replace")
                self._events.append((event.sample, symbol))
            index += 1
        return 0

    def speak(self, voice, text, rate=175, word_gap=0):
        if self.lib.espeak_SetVoiceByName(voice.encode()) != 0:
            raise SystemExit(f"espeak-ng has no voice {voice!r}")
        self.lib.espeak_SetParameter(RATE_PARAMETER, rate, 0)
        self.lib.espeak_SetParameter(WORDGAP_PARAMETER, word_gap, 0)
        self._samples, self._events = [], []
        data = text.encode()
        self.lib.espeak_Synth(ctypes.c_char_p(data), len(data) + 1, 0, 0, 0, 0, None, None)
        self.lib.espeak_Synchronize()
        return list(self._samples), list(self._events)


def write_wav(path, samples, rate):
    with wave.open(path, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(struct.pack(f"<{len(samples)}h", *samples))


def read_wav(path):
    with wave.open(path, "rb") as source:
        assert source.getnchannels() == 1 and source.getsampwidth() == 2
        frames = source.readframes(source.getnframes())
        return list(struct.unpack(f"<{len(frames) // 2}h", frames)), source.getframerate()


def resample_to_16k(samples, path, lead_seconds=0.0):
    """Writes `samples` (22.05 kHz) as a 16 kHz WAV peak-normalised to -1 dBFS, preceded by
    `lead_seconds` of digital silence, reproducibly."""
    with tempfile.TemporaryDirectory() as scratch:
        source = os.path.join(scratch, "in.wav")
        write_wav(source, samples, ESPEAK_RATE)
        subprocess.run(
            ["sox", "-R", "-D", "-V1", source, "-b", "16", "-c", "1", "-e", "signed-integer", path,
             "rate", "-v", str(TARGET_RATE), "gain", "-n", "-1", "pad", str(lead_seconds), "0"],
            check=True)


def window_rms(samples, start, length):
    chunk = samples[start:start + length]
    if not chunk:
        return 0.0
    return math.sqrt(sum((s / 32768) ** 2 for s in chunk) / len(chunk))


def label_phonemes(samples, events, rate, lead_seconds):
    """Turns phoneme onsets into labelled intervals.

    eSpeak emits a stop's event at its release, after the silent closure it has already written at
    the end of the previous phoneme; acoustically the closure belongs to the stop, so a stop's start is
    moved back over the silent (< -45 dB re the loudest 5 ms) tail of a non-silent predecessor.
    """
    step = rate // 200
    loudest = max(window_rms(samples, i, step) for i in range(0, len(samples) - step, step))
    quiet = loudest * 10 ** (-45 / 20)
    intervals = []
    for index, (start, symbol) in enumerate(events):
        end = events[index + 1][0] if index + 1 < len(events) else len(samples)
        if end <= start:
            continue  # zero-length markers ("_" at a clause end)
        intervals.append([start, end, symbol])
    for index in range(1, len(intervals)):
        start, _, symbol = intervals[index]
        previous = intervals[index - 1]
        if symbol not in STOPS or previous[2].startswith("_"):
            continue
        earliest = previous[0] + step * 4  # keep at least 20 ms of the predecessor
        boundary = start
        while boundary - step >= earliest and window_rms(samples, boundary - step, step) < quiet:
            boundary -= step
        previous[1] = boundary
        intervals[index][0] = boundary
    if intervals:
        intervals[0][0] = 0
    labels = [{"symbol": "_", "class": "silence", "start": 0.0, "end": lead_seconds}] if lead_seconds else []
    return labels + [
        {"symbol": symbol, "class": phoneme_class(symbol),
         "start": round(lead_seconds + start / rate, 4), "end": round(lead_seconds + end / rate, 4)}
        for start, end, symbol in intervals
    ]


def quiet_runs(samples, rate, window_seconds=0.01, hop_seconds=0.005):
    """Runs of consecutive quiet windows (RMS < 100/32768) as (start_seconds, end_seconds)."""
    window, hop = int(rate * window_seconds), int(rate * hop_seconds)
    runs, run_start, run_end = [], None, None
    for start in range(0, len(samples) - window + 1, hop):
        if window_rms(samples, start, window) < QUIET_RMS:
            if run_start is None:
                run_start = start
            run_end = start + window
        elif run_start is not None:
            runs.append((run_start / rate, run_end / rate))
            run_start = None
    if run_start is not None:
        runs.append((run_start / rate, run_end / rate))
    return runs


def squeeze_pauses(samples, rate, keep_seconds=0.04):
    """Shortens every quiet stretch to at most `keep_seconds` by cutting out its middle."""
    window = int(rate * 0.01)
    quiet = [window_rms(samples, i, window) < QUIET_RMS for i in range(0, len(samples), window)]
    keep = int(rate * keep_seconds)
    out, index = [], 0
    while index < len(quiet):
        if not quiet[index]:
            out.extend(samples[index * window:(index + 1) * window])
            index += 1
            continue
        end = index
        while end < len(quiet) and quiet[end]:
            end += 1
        stretch = samples[index * window:end * window]
        if len(stretch) > keep:
            stretch = stretch[:keep // 2] + stretch[len(stretch) - keep // 2:]
        out.extend(stretch)
        index = end
    return out


def main():
    synthesizer = Synthesizer()
    os.makedirs(SPEECH_DIR, exist_ok=True)
    os.makedirs(SERVER_DIR, exist_ok=True)

    for voice, tag in VOICES:
        for number, text in enumerate(SENTENCES, start=1):
            name = f"{tag}-{number}"
            samples, events = synthesizer.speak(voice, text)
            phonemes = label_phonemes(samples, events, ESPEAK_RATE, LEAD_SILENCE_SECONDS)
            wav_path = os.path.join(SPEECH_DIR, name + ".wav")
            resample_to_16k(samples, wav_path, LEAD_SILENCE_SECONDS)
            resampled, _ = read_wav(wav_path)
            labels = {
                "voice": voice,
                "text": text,
                "sample_rate": TARGET_RATE,
                "duration_seconds": round(len(resampled) / TARGET_RATE, 4),
                "phonemes": phonemes,
            }
            with open(os.path.join(SPEECH_DIR, name + ".json"), "w") as out:
                json.dump(labels, out, indent=1, ensure_ascii=False)
                out.write("\n")
            counts = {}
            for phoneme in phonemes:
                counts[phoneme["class"]] = counts.get(phoneme["class"], 0) + 1
            summary = ", ".join(f"{k} {counts[k]}" for k in sorted(counts))
            print(f"{name}: {labels['duration_seconds']:.2f} s, {summary}")

    short_path = os.path.join(SERVER_DIR, "speech-short.wav")
    samples, _ = synthesizer.speak("en-us", SHORT_SENTENCE)
    resample_to_16k(samples, short_path)
    short, _ = read_wav(short_path)
    print(f"speech-short.wav: {len(short) / TARGET_RATE:.2f} s")

    continuous_path = os.path.join(SERVER_DIR, "speech-continuous.wav")
    samples, _ = synthesizer.speak("en-us", CONTINUOUS_TEXT, rate=190, word_gap=0)
    resample_to_16k(samples, continuous_path)
    continuous, _ = read_wav(continuous_path)
    # Trim leading and trailing quiet, then squeeze every inner pause.
    runs = quiet_runs(continuous, TARGET_RATE)
    first = int(runs[0][1] * TARGET_RATE) if runs and runs[0][0] == 0 else 0
    last = int(runs[-1][0] * TARGET_RATE) if runs and runs[-1][1] >= (len(continuous) - 160) / TARGET_RATE else len(continuous)
    continuous = squeeze_pauses(continuous[first:last], TARGET_RATE)
    write_wav(continuous_path, continuous, TARGET_RATE)
    duration = len(continuous) / TARGET_RATE
    runs = quiet_runs(continuous, TARGET_RATE)
    longest = max((end - start for start, end in runs), default=0.0)
    print(f"speech-continuous.wav: {duration:.2f} s; energy scan (10 ms windows, 5 ms hop, "
          f"RMS < 100/32768): {len(runs)} quiet runs, longest {longest * 1000:.0f} ms")
    if duration < 10 or longest > 0.1:
        raise SystemExit("speech-continuous.wav fails its check: need >= 10 s and no pause > 100 ms")
    print("speech-continuous.wav: OK (>= 10 s, no pause longer than 100 ms)")


if __name__ == "__main__":
    sys.exit(main())
