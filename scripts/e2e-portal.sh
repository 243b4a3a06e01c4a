#!/usr/bin/env bash
# Playwright's web server: the local stack with the demo workloads, then the portal pointed at it.
# (Playwright starts its web server before its global setup, so the stack comes up here first.)
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
ensure_node
cd "$REPO_ROOT"
node -r @backstage/cli/config/nodeTransform.cjs test/stack/src/cli.ts up --demo ||
  die "the local stack did not come up (see above)"
exec bash scripts/start.sh
