#!/usr/bin/env bash
# One controller virtualenv per supported Python (3.10, 3.11, 3.12), each with the Ansible release that the
# Makefile installs for it (requirements/controller-X.Y.txt). Prints "X.Y <venv>" per line; fails loudly when a
# Python is missing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out="$root/tests/output/controllers"
mkdir -p "$out"
for version in 3.10 3.11 3.12; do
  venv="$out/$version"
  stamp="$venv/.installed-$(sha256sum "$root/requirements/controller-$version.txt" | cut -c1-12)"
  if [ ! -e "$stamp" ]; then
    python=$(bash "$here/python.sh" "$version")/bin/python$version
    rm -rf "$venv"
    "$python" -m venv "$venv" >&2
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$root/requirements/controller-$version.txt" >&2
    touch "$stamp"
  fi
  echo "$version $venv"
done
