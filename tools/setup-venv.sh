#!/usr/bin/env bash
# Creates the model tooling's virtual environment in tools/.venv (git-ignored):
#   numpy, onnx, onnxruntime (same version as the Swift engine loads) for make-test-model.py and
#   parity.py; with --torch also the CPU torch wheel for make-reference-model.py.
# Idempotent: packages already present are not reinstalled. The Swift tests never need this venv.
# torch: the CPU-only wheel from /opt/wheels when there is one, else PyPI's.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/tools/.venv"
PYTHON="${PYTHON:-python3}"

WITH_TORCH=0
for arg in "$@"; do
    case "$arg" in
        --torch) WITH_TORCH=1 ;;
        *) echo "usage: tools/setup-venv.sh [--torch]" >&2; exit 2 ;;
    esac
done

if [ ! -x "$VENV/bin/python" ]; then
    echo "==> creating $VENV" >&2
    "$PYTHON" -m venv "$VENV"
fi
PIP=("$VENV/bin/python" -m pip install --quiet --disable-pip-version-check)

"${PIP[@]}" "numpy>=1.26,<3" "onnx==1.23.2" "onnxruntime==1.23.2"
if [ "$WITH_TORCH" = 1 ]; then
    # Prefer the CPU-only wheel (no CUDA libraries, ~200 MB instead of several GB).
    CPU_WHEEL="$(ls /opt/wheels/torch-*+cpu-*.whl 2>/dev/null | sort -V | tail -n 1 || true)"
    if [ -n "$CPU_WHEEL" ]; then
        "${PIP[@]}" "$CPU_WHEEL" "onnxscript"
    else
        "${PIP[@]}" "torch" "onnxscript"
    fi
fi
echo "tools venv ready: $VENV/bin/python" >&2
