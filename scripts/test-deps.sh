#!/usr/bin/env bash
# Installs the system packages the test suites need that a fresh build machine may lack.
# Idempotent: each package is installed only when its command is missing.
# Used by packages/node-agent (language detection tests run a real Ruby process).
set -euo pipefail

apt_updated=0
apt_install() {
  if [ "$(id -u)" != "0" ]; then
    echo "error: '$1' is missing and installing it needs root (apt-get install -y $*)" >&2
    exit 1
  fi
  if [ "$apt_updated" = "0" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

if ! command -v ruby >/dev/null 2>&1; then
  echo "==> Installing ruby (node-agent detection tests)" >&2
  apt_install ruby
fi
