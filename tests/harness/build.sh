#!/usr/bin/env bash
# The collection builds into an installable tarball, and the installed copy documents
# every module and role it ships (ansible-doc reads the installed tarball, not the checkout).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
work=$(mktemp -d /tmp/lab-build.XXXXXX)
trap 'rm -rf "$work"' EXIT

export ANSIBLE_COLLECTIONS_PATH="$work/installed"
ansible-galaxy collection build --force --output-path "$work" >/dev/null
tarball=$(ls "$work"/dataeng-airflow_lab-*.tar.gz)
ansible-galaxy collection install --offline --no-deps -p "$work/installed" "$tarball" >/dev/null
installed="$work/installed/ansible_collections/dataeng/airflow_lab"
for unwanted in molecule inventories collections .venv .venv-dags tools tests .pytest_cache; do
  if [ -e "$installed/$unwanted" ]; then
    echo "build: $unwanted ended up in the tarball; add it to build_ignore in galaxy.yml" >&2
    exit 1
  fi
done

if find "$installed" -name __pycache__ -o -name '*.pyc' | grep -q .; then
  echo "build: Python caches ended up in the tarball; add them to build_ignore in galaxy.yml" >&2
  exit 1
fi

status=0
# The installed collection works on its own: its playbooks run by name from any folder, with no
# ansible.cfg of the checkout (whose collections_path points back at the checkout).
elsewhere="$work/elsewhere"
mkdir -p "$elsewhere"
for playbook in site teardown; do
  if ! (cd "$elsewhere" && env -u ANSIBLE_CONFIG ansible-playbook "dataeng.airflow_lab.$playbook" \
        -i localhost, -c local --syntax-check >"$work/$playbook.log" 2>&1); then
    echo "build: ansible-playbook dataeng.airflow_lab.$playbook does not run from the installed collection:" >&2
    tail -n 20 "$work/$playbook.log" >&2
    status=1
  fi
done
if ! (cd "$elsewhere" && env -u ANSIBLE_CONFIG ansible-playbook dataeng.airflow_lab.site -i localhost, -c local \
      --list-tasks --tags host >"$work/list.log" 2>&1 && grep -q "dataeng.airflow_lab.redis : " "$work/list.log"); then
  echo "build: the installed dataeng.airflow_lab.site does not list the host layer's tasks:" >&2
  tail -n 20 "$work/list.log" >&2
  status=1
fi
for module in plugins/modules/*.py; do
  [ -e "$module" ] || continue
  name=$(basename "$module" .py)
  if ! ansible-doc -l dataeng.airflow_lab 2>/dev/null | grep -q "^dataeng.airflow_lab.$name "; then
    echo "build: ansible-doc -l does not list dataeng.airflow_lab.$name" >&2
    status=1
  fi
done
for role in roles/*/; do
  name=$(basename "$role")
  if ! ansible-doc -t role dataeng.airflow_lab."$name" >/dev/null 2>&1; then
    echo "build: ansible-doc -t role cannot document dataeng.airflow_lab.$name" >&2
    status=1
  fi
done
[ $status -eq 0 ] && echo "build: $(basename "$tarball") installs; its playbooks run by name; modules and roles documented"
exit $status
