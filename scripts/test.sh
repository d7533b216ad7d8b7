#!/usr/bin/env bash
# The project's test command: installs what the tests need (idempotent), then runs every test.
#   - ONNX Runtime's shared library (pinned wheel, into the git-ignored .local/) for the UniTalker engine
# Test audio and the tiny ONNX models are committed fixtures, so nothing else is downloaded.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ -x scripts/install-onnxruntime.sh ]; then
    scripts/install-onnxruntime.sh
fi

swift build --build-tests
swift test --skip-build "$@"
