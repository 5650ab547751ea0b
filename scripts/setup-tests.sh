#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian machine (run as root from the
# repository): Chromium for the browser tests, redis-server for the fleet tests (each test
# file starts its own on a free port; no system service is used), then the npm packages
# (whose prepare step builds the dashboard).
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

if ! command -v redis-server >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup-tests: redis-server is missing and installing it needs root (apt-get install redis-server)" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  # The tests start their own servers: keep the package from starting a system service on 6379.
  policy=/usr/sbin/policy-rc.d
  if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" && trap 'rm -f "$policy"' EXIT; fi
  apt-get install -y --no-install-recommends redis-server
fi

npm ci
