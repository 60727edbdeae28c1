#!/usr/bin/env bash
# ansible-test sanity, offline: the collection is copied under an ansible_collections/
# path and get-pip.py is replaced by a stand-in that uses ensurepip + PyPI.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

if ! command -v shellcheck >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq shellcheck >/dev/null
fi
ansible_test_setup=$(python -c 'import ansible_test, os; print(os.path.dirname(ansible_test.__file__))')
cache=~/.ansible/test/cache
mkdir -p "$cache"
# The pip version ansible-test bootstraps its venvs with (it names the cached script after it).
for version in $(grep -rhoE "^pip ?== ?[0-9.]+" "$ansible_test_setup/_data/requirements/" 2>/dev/null | grep -oE "[0-9.]+$" | sort -u) 24.2; do
  cp tests/harness/get_pip_standin.py "$cache/get_pip_${version//./_}.py"
done

tree=$(mktemp -d /tmp/lab-sanity.XXXXXX)
trap 'rm -rf "$tree"' EXIT
dest="$tree/ansible_collections/dataeng/airflow_lab"
mkdir -p "$dest"
git ls-files -co --exclude-standard -z | grep -zv '^collections/' | xargs -0 cp --parents -P -t "$dest"
# Collections the plugins import (kubernetes.core), from the controller's ansible package.
site=$(python -c 'import ansible_collections, os; print([p for p in ansible_collections.__path__ if "site-packages" in p][0])')
mkdir -p "$tree/ansible_collections/kubernetes"
cp -r "$site/kubernetes/core" "$tree/ansible_collections/kubernetes/core"
cd "$dest"
git init -q . && git add -A && git -c user.email=t@t -c user.name=t commit -qm sanity
ansible-test sanity --python 3.11 --color no --requirements "$@"
