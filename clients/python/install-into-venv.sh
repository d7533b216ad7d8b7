#!/usr/bin/env bash
# Installs this package (clients/python) into a virtual environment, only when its files changed since
# the last install there (idempotent, quiet when nothing is to do):
#   clients/python/install-into-venv.sh VENV
# Its run-time dependencies (websockets, protobuf) are expected in VENV already, pinned:
# scripts/test.sh installs them with scripts/install-python-tools.sh, then calls this. The build uses the
# venv's own setuptools and wheel when it has both (no download), else pip's isolated build (setuptools
# from PyPI). FORCE=1 reinstalls.
set -euo pipefail

if [ "$#" -ne 1 ] || [ ! -x "$1/bin/pip" ]; then
    echo "usage: clients/python/install-into-venv.sh VENV (an existing virtual environment)" >&2
    exit 2
fi
VENV="$(cd "$1" && pwd)"
cd "$(dirname "${BASH_SOURCE[0]}")"
STAMP="$VENV/.audio2face-client-installed"

DIGEST="$(find pyproject.toml README.md src -type f ! -name '*.pyc' ! -path '*/__pycache__/*' \
    ! -path '*.egg-info/*' | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -d' ' -f1)"
if [ -z "${FORCE:-}" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$DIGEST" ]; then
    exit 0
fi
ISOLATION=()
if "$VENV/bin/python" -c "import setuptools, wheel" >/dev/null 2>&1; then
    ISOLATION=(--no-build-isolation)
fi
echo "==> installing clients/python into $VENV" >&2
"$VENV/bin/pip" install --quiet --disable-pip-version-check --no-deps --force-reinstall "${ISOLATION[@]}" .
rm -rf build src/*.egg-info
echo "$DIGEST" > "$STAMP"
