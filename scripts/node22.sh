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
  # Native addons (better-sqlite3) must build against this node's headers, which the package
  # carries beside its binary, not against the ones an npmrc names for the machine's node.
  npm_config_nodedir="$(node -p 'path.dirname(path.dirname(process.execPath))')"
  export npm_config_nodedir
fi
