#!/usr/bin/env bash
# The commit under test as a small bare repository, for scenarios that clone the project as a user would.
# The commit is the working tree as it is (tracked and untracked files git does not ignore), so a
# run before committing tests what is on disk; on a clean checkout (CI) that is HEAD's tree.
# Prints the repository's path.
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
# A bare repository whose HEAD is that commit on branch main, so that a plain `git clone` checks it out
# (the git module cannot clone a bundle file).
bare="$out/lab.git"
rm -rf "$bare"
git init --quiet --bare "$bare"
rm -rf "$bare/hooks"
git push --quiet "$bare" "$commit:refs/heads/main"
git -C "$bare" symbolic-ref HEAD refs/heads/main
echo "$bare"
