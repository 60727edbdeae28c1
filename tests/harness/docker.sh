#!/usr/bin/env bash
# Make sure a Docker daemon answers, installing docker.io and debootstrap when missing.
set -euo pipefail
log_dir=$(cd "$(dirname "$0")/.." && pwd)/output
mkdir -p "$log_dir"

need=()
command -v dockerd >/dev/null || need+=(docker.io)
command -v debootstrap >/dev/null || need+=(debootstrap)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

if docker info >/dev/null 2>&1; then
  exit 0
fi
echo "starting dockerd (log: $log_dir/dockerd.log)" >&2
nohup dockerd >"$log_dir/dockerd.log" 2>&1 &
for _ in $(seq 60); do
  docker info >/dev/null 2>&1 && exit 0
  sleep 1
done
echo "dockerd did not answer within 60 s; see $log_dir/dockerd.log" >&2
exit 1
