#!/usr/bin/env bash
# Installs what the web UI's end-to-end test needs: Debian's Chromium and
# playwright-core (npm, pinned by package-lock.json). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
        echo "tests/ui/setup.sh: install Debian's chromium package (sudo apt-get install chromium)" >&2
        exit 1
    fi
fi
if [ ! -d node_modules/playwright-core ]; then
    npm ci --no-audit --no-fund --silent
fi
