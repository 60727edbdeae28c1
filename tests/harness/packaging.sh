#!/usr/bin/env bash
# Packaging, as a user of Ansible collections meets it:
# - execution-environment.yml validates with ansible-builder (create checks it against the schema and writes the
#   build context, without building an image), and the context carries the collection's Python and system
#   requirements and installs the built collection;
# - the changelog builds from changelogs/changelog.yaml and the fragments with antsibull-changelog (lint, generate),
#   on a copy, so the checkout is not touched.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
work=$(mktemp -d /tmp/lab-packaging.XXXXXX)
trap 'rm -rf "$work"' EXIT
status=0
fail() { echo "packaging: $*" >&2; status=1; }

mkdir -p "$work/ee/build"
cp execution-environment.yml requirements.yml requirements.txt bindep.txt "$work/ee/"
ansible-galaxy collection build --force --output-path "$work/ee/build" >/dev/null
if (cd "$work/ee" && ansible-builder create -f execution-environment.yml -c context --output-filename Containerfile >"$work/ee.log" 2>&1); then
  context="$work/ee/context"
  grep -rqs "PyYAML" "$context/_build" || fail "the EE's build context lacks requirements.txt (PyYAML)"
  grep -rqs "openssh-client" "$context/_build" || fail "the EE's build context lacks bindep.txt (openssh-client)"
  grep -qs "ansible-galaxy collection install --offline --no-deps /tmp/collection/dataeng-airflow_lab-" \
    "$context/Containerfile" || fail "the EE's Containerfile does not install the built collection"
  [ -n "$(find "$context/_build/collection" -name 'dataeng-airflow_lab-*.tar.gz')" ] \
    || fail "the EE's build context lacks the built collection"
else
  fail "ansible-builder create refused execution-environment.yml:"; tail -n 20 "$work/ee.log" >&2
fi

mkdir -p "$work/changelog"
cp -r galaxy.yml changelogs "$work/changelog/"
if (cd "$work/changelog" && antsibull-changelog lint >"$work/cl.log" 2>&1 \
    && antsibull-changelog lint-changelog-yaml changelogs/changelog.yaml >>"$work/cl.log" 2>&1 \
    && antsibull-changelog generate >>"$work/cl.log" 2>&1); then
  version=$(python3 -c 'import yaml,sys; print(yaml.safe_load(open(sys.argv[1]))["version"])' galaxy.yml)
  grep -q "^v$version\$" "$work/changelog/CHANGELOG.rst" || fail "CHANGELOG.rst has no section for v$version"
  cmp -s "$work/changelog/CHANGELOG.rst" CHANGELOG.rst \
    || fail "CHANGELOG.rst differs from what antsibull-changelog generates: run antsibull-changelog generate"
else
  fail "antsibull-changelog failed:"; tail -n 20 "$work/cl.log" >&2
fi
[ $status -eq 0 ] && echo "packaging: the execution environment validates and carries the requirements; the changelog builds"
exit $status
