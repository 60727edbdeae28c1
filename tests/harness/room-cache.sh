#!/usr/bin/env bash
# The offline artifact cache the room scenario starts from: the host layer needs only the Redis
# tarball (Debian's repack of upstream 7.0.15, see redis-source.sh), under the name the cache uses.
# Prints the folder.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$(cd "$here/.." && pwd)/output/room-cache"
source=$(bash "$here/redis-source.sh")
# From scratch every time: a Redis build packed by an earlier run would spare the scenario its compile.
rm -rf "$out"
mkdir -p "$out"
cp "${source% *}" "$out/redis-7.0.15.tar.gz"
echo "$out"
