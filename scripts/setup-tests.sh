#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian machine (run as root from the
# repository): Chromium for the browser tests, then the npm packages (whose prepare step
# builds the dashboard).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup-tests: /usr/bin/chromium is missing and installing it needs root (apt-get install chromium)" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y chromium
fi

npm ci
