#!/usr/bin/env bash
# One controller virtualenv per supported Python (3.10, 3.11, 3.12), each with the Ansible release that the
# Makefile installs for it (requirements/controller-X.Y.txt). Prints "X.Y <venv>" per line; fails loudly when a
# Python is missing. Cached outside the checkout, as the other harness virtualenvs are (airflow-venv.sh, moto.sh): a
# clean clone reuses them, and a new requirements file or another Python makes them anew (about 70 s each here).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out="${XDG_CACHE_HOME:-$HOME/.cache}/airflow-lab/controllers"
mkdir -p "$out"
for version in 3.10 3.11 3.12; do
  venv="$out/$version"
  python=$(bash "$here/python.sh" "$version")/bin/python$version
  stamp="$venv/.installed-$( { cat "$root/requirements/controller-$version.txt"; echo "$python"; } | sha256sum | cut -c1-12)"
  if [ ! -e "$stamp" ]; then
    rm -rf "$venv"
    "$python" -m venv "$venv" >&2
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$root/requirements/controller-$version.txt" >&2
    touch "$stamp"
  fi
  echo "$version $venv"
done
