#!/usr/bin/env bash
# Checks that every Swift file we write follows .swift-format (`swift format lint --strict`, shipped
# with the toolchain). Generated protobuf code is left as the generator writes it.
# To fix what it reports: swift format format -i -r Sources Tests Package.swift
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

find Sources Tests -name '*.swift' -not -path '*/Generated/*' -print0 \
    | xargs -0 swift format lint --strict Package.swift
echo "==> swift format lint: clean"
