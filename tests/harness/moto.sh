#!/usr/bin/env bash
# A virtualenv with moto's S3 server (from PyPI), a real S3 API for the tests on the loopback. Its own virtualenv:
# botocore wants python-dateutil older than 3, the kubernetes library of the dev virtualenv 3 or newer.
# Cached outside the checkout. Prints its python.
set -euo pipefail
version=${LAB_MOTO_VERSION:-5.2.5}
venv="${XDG_CACHE_HOME:-$HOME/.cache}/airflow-lab/moto-$version"
if ! "$venv/bin/python" -c 'import moto.server, flask' >/dev/null 2>&1; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  echo "building $venv (moto[server] $version)" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check "moto[server]==$version" >&2 2>"$venv.log" || {
    tail -n 20 "$venv.log" >&2
    exit 1
  }
fi
echo "$venv/bin/python"
