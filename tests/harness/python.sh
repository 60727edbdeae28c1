#!/usr/bin/env bash
# The installation folder of a CPython X.Y on this machine (pyenv's versions folder, or the system's),
# for the scenarios that run the controller on each supported Python. Fails loudly when there is none.
set -euo pipefail
want=${1:?usage: python.sh X.Y}
candidates=$(find "${PYENV_ROOT:-$HOME/.pyenv}/versions" -maxdepth 1 -name "$want.*" 2>/dev/null | sort -V -r)
for dir in $candidates /usr; do
  if [ -x "$dir/bin/python$want" ] && "$dir/bin/python$want" -c 'import ssl, venv, ensurepip' 2>/dev/null; then
    echo "$dir"
    exit 0
  fi
done
echo "python.sh: no Python $want with ssl, venv and ensurepip on this machine (pyenv install $want, or apt-get install python$want-venv)" >&2
exit 1
