#!/usr/bin/env bash
# Downloads the UniTalker ONNX model (unitalker_v0.4.0_base.onnx, about 380 MB) that the unitalker configs
# use, then checks it with `audio2face model check`, which prints its size and SHA-256 and the config to
# start the service with.
#
#   scripts/fetch-unitalker-model.sh [DEST]
#
# DEST is a file or a folder (default: weights/unitalker_v0.4.0_base.onnx in the repository, where
# configs/unitalker-cpu.yaml and configs/unitalker-cuda.yaml look for it).
# The model is the GitHub release asset the reference service's README names (repository
# LazyBusyYang/CatStream, tag a2f_cicd_files); that README also names a Google Drive mirror, for when
# GitHub is out of reach: download from there by hand and run `audio2face model check FILE`.
#
# An interrupted download is kept as DEST.part and resumed by the next run (curl -C -). A DEST that already
# exists is only checked, not downloaded again.
#   A2F_UNITALKER_URL=<url>   download from another URL (a mirror, or file:// for a local copy)
#   AUDIO2FACE=<path>         the audio2face executable (default: on PATH, else .build/release, .build/debug)
#   FORCE=1                   download again even when DEST exists
set -euo pipefail

MODEL_NAME="unitalker_v0.4.0_base.onnx"
DEFAULT_URL="https://github.com/LazyBusyYang/CatStream/releases/download/a2f_cicd_files/$MODEL_NAME"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

case "${1:-}" in
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
esac
[ "$#" -le 1 ] || { echo "usage: scripts/fetch-unitalker-model.sh [DEST]" >&2; exit 2; }

DEST="${1:-$ROOT/weights/$MODEL_NAME}"
if [ -d "$DEST" ]; then DEST="${DEST%/}/$MODEL_NAME"; fi
case "$DEST" in /*) ;; *) DEST="$PWD/$DEST" ;; esac
URL="${A2F_UNITALKER_URL:-$DEFAULT_URL}"
PART="$DEST.part"

command -v curl >/dev/null || { echo "error: curl is not installed; install it (apt-get install curl)" >&2; exit 1; }

if [ -n "${FORCE:-}" ] || [ ! -f "$DEST" ]; then
    mkdir -p "$(dirname "$DEST")"
    if [ -s "$PART" ]; then
        echo "resuming $PART ($(wc -c <"$PART" | tr -d ' ') bytes so far) from $URL" >&2
    else
        echo "downloading $URL" >&2
        echo "        to $DEST" >&2
    fi
    if ! curl --fail --location --retry 3 --continue-at - --progress-bar --output "$PART" "$URL"; then
        echo "error: the download from $URL failed; run the script again to resume it (kept: $PART)," >&2
        echo "       or fetch $MODEL_NAME from the Google Drive mirror named in the reference service's" >&2
        echo "       README and check it with: audio2face model check FILE" >&2
        exit 1
    fi
    mv -f "$PART" "$DEST"
else
    echo "$DEST is already there; checking it (FORCE=1 downloads it again)" >&2
fi

CLI="${AUDIO2FACE:-}"
if [ -z "$CLI" ]; then
    for candidate in "$(command -v audio2face || true)" "$ROOT/.build/release/audio2face" "$ROOT/.build/debug/audio2face"; do
        if [ -n "$candidate" ] && [ -x "$candidate" ]; then CLI="$candidate"; break; fi
    done
fi
if [ -z "$CLI" ] || [ ! -x "$CLI" ]; then
    echo "error: audio2face is not built, so $DEST is downloaded but not checked;" >&2
    echo "       build it (swift build -c release) and run: audio2face model check $DEST" >&2
    exit 1
fi

# From the repository root, where the check finds .local/onnxruntime and the shipped configs.
cd "$ROOT"
if ! "$CLI" model check "$DEST"; then
    echo "error: $DEST is not a model the UniTalker engine can run; delete it and download it again" >&2
    exit 1
fi
