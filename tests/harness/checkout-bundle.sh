#!/usr/bin/env bash
# The commit under test as a git bundle, for scenarios that clone the project as a user would.
# The commit is the working tree as it is (tracked and untracked files git does not ignore), so a
# run before committing tests what is on disk; on a clean checkout (CI) that is HEAD's tree.
# Prints the bundle's path.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/tests/output/checkout"
mkdir -p "$out"
cd "$root"
index=$(mktemp)
trap 'rm -f "$index"' EXIT
cp "$(git rev-parse --git-dir)/index" "$index" 2>/dev/null || true
GIT_INDEX_FILE=$index git add -A
tree=$(GIT_INDEX_FILE=$index git write-tree)
if [ "$tree" = "$(git rev-parse 'HEAD^{tree}')" ]; then
  commit=$(git rev-parse HEAD)
else
  commit=$(git -c user.name=harness -c user.email=harness@localhost commit-tree "$tree" -p HEAD -m "working tree under test")
fi
# A bundle whose HEAD is that commit on branch main, so that a plain `git clone` checks it out.
bare=$(mktemp -d)
trap 'rm -f "$index"; rm -rf "$bare"' EXIT
git init --quiet --bare "$bare"
git push --quiet "$bare" "$commit:refs/heads/main"
git -C "$bare" symbolic-ref HEAD refs/heads/main
rm -f "$out/lab.bundle"
git -C "$bare" bundle create --quiet "$out/lab.bundle" HEAD main
echo "$out/lab.bundle"
