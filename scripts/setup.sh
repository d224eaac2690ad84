#!/usr/bin/env bash
# Installs what Greenlight needs on a fresh Debian machine, then its npm packages (pinned by package-lock.json).
#   scripts/setup.sh          fonts for the chart renderer + npm ci
#   scripts/setup.sh --test   also what the tests need: Chromium (browser tests) and redis-server (multi-replica tests)
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(fonts-dejavu-core fontconfig)
if [ "${1:-}" = "--test" ]; then
  packages+=(chromium redis-server python3-sklearn unzip)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "setup: installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: please install these Debian packages (as root): ${missing[*]}" >&2
    exit 1
  fi
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
