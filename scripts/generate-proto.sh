#!/usr/bin/env bash
# Regenerates the committed Swift code for both wire protocols:
#   Protos/audio2face_v1.proto (the seed's WebSocket protocol)
#     -> Sources/Audio2FaceClient/Wire/Generated/
#   Protos/nvidia_ace/*.proto, Protos/nvidia_audio2face_3d/*.proto (NVIDIA's Audio2Face-3D gRPC API)
#   and Protos/grpc/health/v1/health.proto (gRPC health checking)
#     -> Sources/NvidiaA2FProtocol/Generated/ (messages and grpc-swift 2 service code)
#
# Idempotent: installs protoc (Debian protobuf-compiler) only if missing and builds the two plugins,
# protoc-gen-swift (swift-protobuf) and protoc-gen-grpc-swift-2 (grpc-swift-protobuf), into
# .build-protoc-plugins/ only when they are not built yet. Set REBUILD_PLUGIN=1 to force a rebuild.
set -euo pipefail

SWIFT_PROTOBUF_VERSION="1.39.0"
GRPC_SWIFT_PROTOBUF_VERSION="2.4.1"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PROTO_DIR="Protos"
PLUGIN_PKG="$ROOT/.build-protoc-plugins"

# 1. protoc
if ! command -v protoc >/dev/null 2>&1; then
    echo "==> protoc not found; installing protobuf-compiler" >&2
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    $SUDO apt-get update
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y protobuf-compiler
fi

# 2. The plugins, built from a scratch package pinned to the versions the project uses.
mkdir -p "$PLUGIN_PKG/Empty"
PLUGIN_MANIFEST="// swift-tools-version:6.1
// Scratch package written by scripts/generate-proto.sh to build the protoc plugins. Safe to delete.
import PackageDescription

let package = Package(
    name: \"ProtocPluginBuilder\",
    dependencies: [
        .package(url: \"https://github.com/apple/swift-protobuf.git\", exact: \"${SWIFT_PROTOBUF_VERSION}\"),
        .package(url: \"https://github.com/grpc/grpc-swift-protobuf.git\", exact: \"${GRPC_SWIFT_PROTOBUF_VERSION}\"),
    ],
    targets: [.target(name: \"Empty\", path: \"Empty\")]
)
"
# Only (re)write the manifest when it differs, so an up-to-date build is reused.
if ! printf '%s' "$PLUGIN_MANIFEST" | cmp -s - "$PLUGIN_PKG/Package.swift"; then
    printf '%s' "$PLUGIN_MANIFEST" > "$PLUGIN_PKG/Package.swift"
    rm -f "$PLUGIN_PKG/.bin-path"
fi
[ -f "$PLUGIN_PKG/Empty/Empty.swift" ] || echo "// The scratch package needs one target." > "$PLUGIN_PKG/Empty/Empty.swift"

BIN=""
if [ -z "${REBUILD_PLUGIN:-}" ] && [ -f "$PLUGIN_PKG/.bin-path" ]; then
    BIN="$(cat "$PLUGIN_PKG/.bin-path")"
fi
if [ -z "$BIN" ] || [ ! -x "$BIN/protoc-gen-swift" ] || [ ! -x "$BIN/protoc-gen-grpc-swift-2" ]; then
    echo "==> building protoc-gen-swift ${SWIFT_PROTOBUF_VERSION} and protoc-gen-grpc-swift-2 ${GRPC_SWIFT_PROTOBUF_VERSION}" >&2
    swift build --package-path "$PLUGIN_PKG" --product protoc-gen-swift
    swift build --package-path "$PLUGIN_PKG" --product protoc-gen-grpc-swift-2
    BIN="$(swift build --package-path "$PLUGIN_PKG" --show-bin-path)"
    echo "$BIN" > "$PLUGIN_PKG/.bin-path"
fi

# 3. Generate. Each output folder is emptied first so that a removed .proto leaves nothing behind.
SEED_OUT="Sources/Audio2FaceClient/Wire/Generated"
mkdir -p "$SEED_OUT"
rm -f "$SEED_OUT"/*.swift
protoc \
    --plugin=protoc-gen-swift="$BIN/protoc-gen-swift" \
    --proto_path="$PROTO_DIR" \
    --swift_opt=Visibility=Internal \
    --swift_out="$SEED_OUT" \
    "$PROTO_DIR/audio2face_v1.proto"
echo "==> generated $SEED_OUT" >&2

NVIDIA_OUT="Sources/NvidiaA2FProtocol/Generated"
NVIDIA_PROTOS=(
    nvidia_ace/audio.proto
    nvidia_ace/status.proto
    nvidia_ace/animation.proto
    nvidia_audio2face_3d/messages.proto
    nvidia_audio2face_3d/audio2face.proto
    grpc/health/v1/health.proto
)
mkdir -p "$NVIDIA_OUT"
rm -f "$NVIDIA_OUT"/*.swift
protoc \
    --plugin=protoc-gen-swift="$BIN/protoc-gen-swift" \
    --proto_path="$PROTO_DIR" \
    --swift_opt=Visibility=Public,FileNaming=PathToUnderscores \
    --swift_out="$NVIDIA_OUT" \
    "${NVIDIA_PROTOS[@]/#/$PROTO_DIR/}"
# Service code only for the files that declare a service.
protoc \
    --plugin=protoc-gen-grpc-swift-2="$BIN/protoc-gen-grpc-swift-2" \
    --proto_path="$PROTO_DIR" \
    --grpc-swift-2_opt=Visibility=Public,FileNaming=PathToUnderscores,Client=true,Server=true \
    --grpc-swift-2_out="$NVIDIA_OUT" \
    "$PROTO_DIR/nvidia_audio2face_3d/audio2face.proto" "$PROTO_DIR/grpc/health/v1/health.proto"
echo "==> generated $NVIDIA_OUT" >&2
