#!/usr/bin/env bash
# Regenerates the phoneme-labelled speech fixtures of the built-in engine's tests and the server
# tests' speech WAVs, from eSpeak NG (no downloads; deterministic, so reruns write identical files).
#
#   Tests/Audio2FaceTests/Fixtures/speech/*.wav, *.json
#   Tests/Audio2FaceServerTests/Fixtures/speech-short.wav, speech-continuous.wav
#
# Needs: python3 (standard library only), libespeak-ng (Debian: apt-get install espeak-ng), sox.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v python3 >/dev/null || missing+=("python3")
command -v sox >/dev/null || missing+=("sox")
if ! python3 -c 'import ctypes; ctypes.CDLL("libespeak-ng.so.1")' 2>/dev/null; then
    missing+=("espeak-ng (libespeak-ng.so.1)")
fi
if ((${#missing[@]})); then
    echo "make-speech-fixtures: missing ${missing[*]}; on Debian/Ubuntu: apt-get install espeak-ng sox python3" >&2
    exit 1
fi

python3 tools/make_speech_fixtures.py
du -ch Tests/Audio2FaceTests/Fixtures/speech/* | tail -n 1 | sed 's/total/speech fixtures in total/'
