#!/usr/bin/env bash
# Debian's chromium, for the tests that load a page in a real browser (headless); installs it when missing.
# Prints its path.
set -euo pipefail
if ! command -v chromium >/dev/null; then
  echo "installing chromium" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
command -v chromium
