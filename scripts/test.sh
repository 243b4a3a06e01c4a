#!/usr/bin/env bash
# Installs what is missing (pinned Node.js, dependencies, Debian's Chromium and the runtimes
# the detection tests start) and runs every test: lint, type-check, unit and integration
# tests (Jest), and the Playwright end-to-end tests in Chromium.
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
ensure_node
ensure_deps
cd "$REPO_ROOT"

if [ -x scripts/test-deps.sh ]; then
  bash scripts/test-deps.sh
fi
if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  command -v apt-get >/dev/null || die "Chromium is missing and apt-get is not available: install Chromium and set CHROMIUM_PATH."
  info "Installing Debian's Chromium for the end-to-end tests"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null ||
    die "apt-get install chromium failed"
fi

step() {
  local name="$1"; shift
  local started=$SECONDS
  info "$name"
  "$@" || die "$name failed"
  info "$name passed in $((SECONDS - started)) s"
}

stack() { node -r @backstage/cli/config/nodeTransform.cjs test/stack/src/cli.ts "$@"; }

step "Lint" node node_modules/.bin/backstage-cli repo lint
step "Type-check" node node_modules/.bin/tsc

# The integration and end-to-end tests use the real local stack (test/stack). Start it unless
# it already runs, and stop it afterwards only if this script started it.
if stack status >/dev/null 2>&1 && stack status --json | grep -q '"healthy": true'; then
  info "Using the local stack that is already running"
else
  step "Local stack (first run on a machine builds it; progress below)" stack up --demo
  trap 'info "Stopping the local stack"; stack down || true' EXIT
fi
step "Demo workloads" stack demo
step "Portal config for the stack" node -r @backstage/cli/config/nodeTransform.cjs scripts/portal-config.ts

step "Unit and integration tests" node node_modules/.bin/backstage-cli repo test --watchAll=false
step "End-to-end tests" node node_modules/.bin/playwright test
info "All tests passed. Screenshots: test-results/screenshots/"
