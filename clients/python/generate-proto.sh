#!/usr/bin/env bash
# Regenerates the committed protobuf module of the Python client from the wire schema:
#   Protos/audio2face_v1.proto -> clients/python/src/audio2face_client/audio2face_v1_pb2.py
# with protoc's built-in Python generator (Debian's protobuf-compiler, the same protoc that
# scripts/generate-proto.sh uses for the Swift code; installed here only if missing). The module it
# writes needs only the `protobuf` runtime (4.21 or newer). Run it after editing the .proto file.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

if ! command -v protoc >/dev/null 2>&1; then
    echo "==> protoc not found; installing protobuf-compiler" >&2
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    $SUDO apt-get update
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y protobuf-compiler
fi

protoc -I Protos --python_out=clients/python/src/audio2face_client Protos/audio2face_v1.proto
echo "wrote clients/python/src/audio2face_client/audio2face_v1_pb2.py ($(protoc --version))"
