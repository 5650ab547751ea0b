# Sourced by the README's first command (`source scripts/setup.sh && npm start`): Node.js 22
# on PATH (scripts/node22.sh) and the packages installed, which also builds the CLI and the
# dashboard. Sourced, so that PATH stays set for the command that follows.
sdfl_root="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)"
. "$sdfl_root/scripts/node22.sh" || return 1
(cd "$sdfl_root" && npm ci --no-audit --no-fund) || return 1
