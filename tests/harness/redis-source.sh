#!/usr/bin/env bash
# Fetch Redis's real source tarball from Debian's source archive (upstream's 7.0.15, repacked by
# Debian, so its sha256 is not upstream's) without changing this machine's apt configuration.
# Prints "<path> <sha256>".
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$(cd "$here/.." && pwd)/output/redis-source"
mkdir -p "$out"
tarball=$(find "$out" -maxdepth 1 -name "redis_*.orig.tar.gz" | head -n 1)
if [ -z "$tarball" ]; then
  state=$(mktemp -d)
  trap 'rm -rf "$state"' EXIT
  mkdir -p "$state/lists/partial"
  python3 "$here/apt_mirror.py" --sources | sed 's/^Types: deb$/Types: deb-src/' > "$state/sources.sources"
  opts=(-o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$state" -o "Dir::State::Lists=$state/lists"
        -o "Dir::Cache::pkgcache=" -o "Dir::Cache::srcpkgcache=")
  mv "$state/sources.sources" "$state/deb-src.sources"
  apt-get "${opts[@]}" -qq update >&2
  (cd "$out" && apt-get "${opts[@]}" -qq source --download-only redis >&2)
  tarball=$(find "$out" -maxdepth 1 -name "redis_*.orig.tar.gz" | head -n 1)
fi
echo "$tarball $(sha256sum "$tarball" | cut -d' ' -f1)"
