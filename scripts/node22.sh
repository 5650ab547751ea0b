# Sourced: puts Node.js 22 or newer on PATH. When the machine's node is older, Node 22 comes
# from the npm registry (package node@22, which carries the binary) into a cache directory,
# once; nothing outside that directory changes.
sdfl_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(sdfl_node_major)" -lt 22 ]; then
  SDFL_NODE_HOME="${SDFL_NODE_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/sdfl/node22}"
  if [ ! -x "$SDFL_NODE_HOME/node_modules/.bin/node" ]; then
    echo "sdfl: node $(node --version 2>/dev/null || echo missing) is older than 22; installing Node 22 from the npm registry into $SDFL_NODE_HOME" >&2
    mkdir -p "$SDFL_NODE_HOME"
    npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$SDFL_NODE_HOME" node@22 >&2 || return 1
  fi
  PATH="$SDFL_NODE_HOME/node_modules/.bin:$PATH"
  export PATH
  # Native addons (better-sqlite3) must build against this node's headers, which the platform
  # package carries (include/node), not against the ones an npmrc names for the machine's node.
  sdfl_headers="$(find "$SDFL_NODE_HOME/node_modules" -path '*/include/node/node_version.h' 2>/dev/null | head -n 1)"
  if [ -n "$sdfl_headers" ]; then
    npm_config_nodedir="$(dirname "$(dirname "$(dirname "$sdfl_headers")")")"
    export npm_config_nodedir
  fi
fi
