#!/usr/bin/env bash
# Installs the Debian packages SwiftPBX needs that this machine lacks.
#   install-deps.sh run    what building and running needs
#   install-deps.sh test   that, plus the SIP peers the tests drive
set -euo pipefail

need=(pkg-config libasound2-dev libedit-dev libsqlite3-dev libspandsp-dev libopus-dev libspeexdsp-dev)
case "${1:-run}" in
  run) ;;
  test) need+=(sip-tester sipsak baresip-core tmux) ;;
  *) echo "usage: $0 run|test" >&2; exit 2 ;;
esac

missing=()
for package in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if ((${#missing[@]})); then
  echo "Installing: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}"
fi

if ! command -v swift >/dev/null 2>&1; then
  if [ -x /opt/swift/usr/bin/swift ]; then
    echo "Swift is at /opt/swift/usr/bin: add it to PATH" >&2
  else
    echo "Swift 6.3 is not installed: install the Swift toolchain for Linux and put it on PATH" >&2
  fi
  exit 1
fi
