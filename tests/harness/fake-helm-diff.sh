#!/usr/bin/env bash
# Packs the helm-diff test double (tests/fake_helm_diff) like the plugin's release archive, with the version
# given (v3.15.10 -> plugin version 3.15.10), into the file given. Tests only.
set -euo pipefail
version=${1:?usage: fake-helm-diff.sh <vX.Y.Z> <archive.tgz>}
archive=${2:?usage: fake-helm-diff.sh <vX.Y.Z> <archive.tgz>}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -a "$here/../fake_helm_diff/diff" "$work/"
sed -i "s/@VERSION@/${version#v}/" "$work/diff/plugin.yaml" "$work/diff/bin/diff"
tar -C "$work" --owner=0 --group=0 --mtime=2026-01-01 -czf "$archive" diff
