#!/usr/bin/env bash
# Derives the server tests' format fixtures from speech-short.wav with sox (Debian package `sox`):
# 8 kHz 16-bit mono, 44.1 kHz 16-bit stereo, 16 kHz unsigned 8-bit, 16 kHz signed 32-bit, each the
# first 2 s. Idempotent: rewrites the same files from the same source.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../Tests/Audio2FaceServerTests/Fixtures"
command -v sox >/dev/null || apt-get install -y sox
src=speech-short.wav
sox "$src" -r 8000 -b 16 -c 1 -e signed-integer speech-8k.wav trim 0 2
sox "$src" -r 44100 -b 16 -c 2 -e signed-integer speech-44k-stereo.wav trim 0 2
sox "$src" -r 16000 -b 8 -c 1 -e unsigned-integer speech-8bit.wav trim 0 2
sox "$src" -r 16000 -b 32 -c 1 -e signed-integer speech-32bit.wav trim 0 2
for f in speech-8k.wav speech-44k-stereo.wav speech-8bit.wav speech-32bit.wav; do
    echo "$f: $(soxi -r "$f") Hz, $(soxi -b "$f") bit, $(soxi -c "$f") ch, $(soxi -D "$f") s"
done
