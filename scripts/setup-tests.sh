# Sourced by the README's test command and by CI (`source scripts/setup-tests.sh && npm test`):
# the Debian packages the tests need (Chromium for the browser tests, redis-server for the
# fleet, python3 for the Python client), installed as root with apt and without recommended
# packages, then Node.js 22 and the npm packages (scripts/setup.sh). Sourced, so that PATH
# stays set for `npm test`.
sdfl_root="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)"
sdfl_missing=""
[ -x /usr/bin/chromium ] || sdfl_missing="$sdfl_missing chromium"
command -v redis-server >/dev/null 2>&1 || sdfl_missing="$sdfl_missing redis-server"
command -v python3 >/dev/null 2>&1 || sdfl_missing="$sdfl_missing python3"
if [ -n "$sdfl_missing" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup-tests: missing$sdfl_missing; installing them needs root (apt-get install --no-install-recommends$sdfl_missing)" >&2
    return 1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 || return 1
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $sdfl_missing >&2 || return 1
fi
. "$sdfl_root/scripts/setup.sh" || return 1
