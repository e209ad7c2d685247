#!/usr/bin/env bash
# Installs what is missing, builds SwiftPBX and runs it with a console on the
# shipped configs/: register dev1/dev1pass or dial 1000 at 127.0.0.1 or [::1].
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"
bash scripts/install-deps.sh run
swift build -c release --product swiftpbx
exec .build/release/swiftpbx -c -C configs "$@"
