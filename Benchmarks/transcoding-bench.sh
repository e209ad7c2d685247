#!/usr/bin/env bash
# CPU per 20 ms frame for every translator, through the PBX's wrappers and
# through the C libraries directly, side by side; then transcoded calls per
# core. Run by hand on a quiet machine:  Benchmarks/transcoding-bench.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/transcoding-bench.XXXXXX")"
trap 'rm -rf -- "$work"' EXIT

cc -O2 "$here/Transcoding/direct/codec-direct.c" -o "$work/codec-direct" \
    $(pkg-config --cflags --libs spandsp opus speexdsp) -lm
(cd "$here/Transcoding" && swift build -c release --product transcoding-bench >/dev/null)
bench="$(cd "$here/Transcoding" && swift build -c release --show-bin-path)/transcoding-bench"

"$work/codec-direct" >"$work/direct.txt"
"$bench" >"$work/swift.txt"

printf '%-22s %12s %12s %9s\n' translator "swiftpbx ns" "direct C ns" overhead
# Translator lines are "name value"; join them on the name.
join <(awk 'NR>1 && NF==2' "$work/swift.txt" | sort) <(awk 'NR>1 && NF==2' "$work/direct.txt" | sort) |
    awk '{ printf "%-22s %12.0f %12.0f %8.1f%%\n", $1, $2, $3, ($2 - $3) * 100 / $3 }'
echo
sed -n '/^bridged call/,$p' "$work/swift.txt"
