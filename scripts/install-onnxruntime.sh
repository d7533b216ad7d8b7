#!/usr/bin/env bash
# Installs the ONNX Runtime shared library that the UniTalker engine loads at run time:
#   pip install --target .local/onnxruntime onnxruntime==1.23.2
# The library then lies at .local/onnxruntime/onnxruntime/capi/libonnxruntime.so.1.23.2, where the
# Swift code finds it from the project folder or any folder below it (docs/onnx-engine.md).
#
# Idempotent and fast when that exact build is already there (it only prints the path).
#   --gpu     install onnxruntime-gpu==1.23.2 instead (CUDA execution provider; needs CUDA 12 and
#             cuDNN 9 libraries on the loader path at run time; not tested in CI)
#   FORCE=1   reinstall even when present
#   ORT_PYTHON=/path/to/python   the interpreter whose pip is used (default: python3)
set -euo pipefail

ORT_VERSION="1.23.2"
PACKAGE="onnxruntime"
for arg in "$@"; do
    case "$arg" in
        --gpu) PACKAGE="onnxruntime-gpu" ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "usage: scripts/install-onnxruntime.sh [--gpu]" >&2; exit 2 ;;
    esac
done

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET="$ROOT/.local/onnxruntime"
LIB="$TARGET/onnxruntime/capi/libonnxruntime.so.$ORT_VERSION"
STAMP="$TARGET/.installed"
WANTED="$PACKAGE==$ORT_VERSION"

if [ -z "${FORCE:-}" ] && [ -f "$LIB" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$WANTED" ]; then
    echo "$WANTED already installed: $LIB" >&2
    exit 0
fi

PYTHON="${ORT_PYTHON:-}"
if [ -z "$PYTHON" ]; then
    for candidate in python3 python; do
        if command -v "$candidate" >/dev/null 2>&1; then PYTHON="$candidate"; break; fi
    done
fi
if { [ -z "$PYTHON" ] || ! "$PYTHON" -m pip --version >/dev/null 2>&1; } && command -v apt-get >/dev/null 2>&1 \
    && [ "$(id -u)" = "0" ]; then
    echo "==> installing python3-pip with apt-get (pip fetches the onnxruntime wheel)" >&2
    apt-get update -qq && apt-get install -y -qq python3-pip >/dev/null
    PYTHON="${ORT_PYTHON:-python3}"
fi
if [ -z "$PYTHON" ] || ! "$PYTHON" -m pip --version >/dev/null 2>&1; then
    echo "error: installing ONNX Runtime needs python3 with pip (Debian: apt-get install python3-pip)," >&2
    echo "       or set A2F_ONNXRUNTIME_LIB to an existing libonnxruntime.so" >&2
    exit 1
fi

echo "==> installing $WANTED into $TARGET" >&2
rm -rf "$TARGET"
mkdir -p "$TARGET"
# --no-deps: only the shared library is used; numpy & co. serve ORT's Python API, which we don't use.
# Debian's own pip refuses to touch an "externally managed" Python unless told that --target is fine.
if ! "$PYTHON" -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --no-deps \
    --target "$TARGET" "$WANTED"; then
    "$PYTHON" -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --no-deps \
        --break-system-packages --target "$TARGET" "$WANTED"
fi

if [ ! -f "$LIB" ]; then
    echo "error: the $PACKAGE wheel did not contain $LIB" >&2
    exit 1
fi
echo "$WANTED" > "$STAMP"
echo "$WANTED installed: $LIB" >&2
