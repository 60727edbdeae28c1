#!/usr/bin/env bash
# Debian's docker-registry (the real registry of the distribution project), for the image archive tests:
# installs it when missing, keeps its service stopped (the tests start their own on the loopback), prints
# the binary's path.
set -euo pipefail
binary=/usr/bin/docker-registry
if [ ! -x "$binary" ]; then
  echo "installing docker-registry" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-registry >/dev/null
fi
# The package starts a registry on :5000; the tests need none listening there.
if command -v systemctl >/dev/null && systemctl is-active --quiet docker-registry 2>/dev/null; then
  systemctl stop docker-registry
fi
pkill -f "^$binary serve /etc/docker/registry/config.yml" 2>/dev/null || true
echo "$binary"
