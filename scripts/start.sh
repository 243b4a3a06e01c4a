#!/usr/bin/env bash
# Installs what is missing (pinned Node.js, dependencies) and starts the portal:
# frontend on http://localhost:3000, backend on http://localhost:7007.
# If the local stack runs (yarn stack:up), its cluster, Tempo and Prometheus are in
# app-config.local.yaml, which the backend loads automatically.
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
ensure_node
ensure_deps
port_free 3000 "portal frontend"
port_free 7007 "portal backend"
cd "$REPO_ROOT"
# Point the portal at the local stack when it runs (yarn stack:up --demo), or drop a stale pointer.
node -r @backstage/cli/config/nodeTransform.cjs scripts/portal-config.ts ||
  die "could not read the local stack's state (see above)"
if [ -f app-config.local.yaml ]; then
  info "Using app-config.local.yaml as well as app-config.yaml"
fi
info "Starting the portal: frontend http://localhost:3000, backend http://localhost:7007"
exec node "$REPO_ROOT/node_modules/.bin/backstage-cli" repo start "$@"
