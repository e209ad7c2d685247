#!/usr/bin/env bash
# Installs what is missing (SIPp, sipsak), builds SwiftPBX and runs every
# test: unit tests and the integration tests that drive the real binary.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"
bash scripts/install-deps.sh test
swift build --build-tests
swift test --skip-build
