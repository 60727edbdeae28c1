#!/usr/bin/env bash
# The whole test suite, or one part of it:
#   tests/run.sh [all|lint|sanity|units|molecule] [molecule scenario ...]
# Prints one line per step and closes with "suite: N passed, N failed".
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2
VENV=${VENV:-.venv}
case "$VENV" in /*) ;; *) VENV="$root/$VENV" ;; esac
export PATH="$VENV/bin:$PATH"
export ANSIBLE_CONFIG="$root/ansible.cfg"
# Real chart values/schemas used by the chart tests; see README "Tests".
export LAB_CHARTS_DIR=${LAB_CHARTS_DIR:-$root/../shared/charts}
out="$root/tests/output"
mkdir -p "$out"

what=${1:-all}
shift || true
passed=0
failed=0
failures=()

step() {
  local name=$1
  shift
  local start=$SECONDS
  echo "=== $name"
  if "$@"; then
    passed=$((passed + 1))
    echo "=== $name: passed in $((SECONDS - start)) s"
  else
    failed=$((failed + 1))
    failures+=("$name")
    echo "=== $name: FAILED after $((SECONDS - start)) s"
  fi
}

run_lint() {
  step yamllint yamllint --strict .
  step ansible-lint ansible-lint --offline --profile production
}

run_sanity() {
  step ansible-test-sanity bash tests/harness/sanity.sh
}

run_units() {
  step pytest python -m pytest -q tests/unit
  # The example DAGs are parsed by the Airflow the chart runs (a cached virtualenv).
  local airflow_python
  if airflow_python=$(bash tests/harness/airflow-venv.sh); then
    export LAB_AIRFLOW_PYTHON="$airflow_python"
  else
    failed=$((failed + 1)); failures+=("airflow virtualenv")
  fi
  # The real helm, for the chart render tests.
  local helm
  if helm=$(bash tests/harness/helm.sh); then
    export LAB_HELM="$helm"
  else
    failed=$((failed + 1)); failures+=("helm binary")
  fi
  # A real registry and a running Docker, for the image archive tests.
  local registry
  if registry=$(bash tests/harness/registry.sh) && bash tests/harness/docker.sh; then
    export LAB_REGISTRY="$registry"
  else
    failed=$((failed + 1)); failures+=("registry and docker")
  fi
  # moto's S3 server (its own virtualenv), a real S3 API on the loopback for the object store's wiring.
  local moto
  if moto=$(bash tests/harness/moto.sh); then
    export LAB_MOTO_PYTHON="$moto"
  else
    failed=$((failed + 1)); failures+=("moto virtualenv")
  fi
  # Debian's chromium, headless, for the status page of a machine with a cluster (the test fails when it is missing).
  export LAB_CHROMIUM
  LAB_CHROMIUM=${LAB_CHROMIUM:-$(bash tests/harness/chromium.sh)} || true
  # --durations: where the lane's time goes (the suite's length is measured, see docs/benchmarks.md).
  step integration python -m pytest -q --durations=25 tests/integration
  step collection-build bash tests/harness/build.sh
  step packaging bash tests/harness/packaging.sh
}

# One scenario; the room also serves the vm scenario: its three machines, over SSH, are the "real
# machines" of vm (with lab_layers: [host]) before they are destroyed.
scenario_job() {
  local s=$1 rc
  if [ "$s" != room ]; then
    molecule test -s "$s"
    return
  fi
  molecule test -s room --destroy never
  rc=$?
  if [ $rc -eq 0 ]; then
    echo "=== vm scenario against the room's machines"
    LAB_VM_INVENTORY="$root/inventories/lab,$LAB_ROOM_DIR/inventory" \
      LAB_VM_ARGS="--vault-password-file $LAB_ROOM_DIR/vault-password -e @$LAB_ROOM_DIR/harness.yml -e @$LAB_ROOM_DIR/vm.yml" \
      molecule test -s vm
    rc=$?
  fi
  molecule destroy -s room
  return $rc
}

run_molecule() {
  local scenarios=("$@") image
  if [ ${#scenarios[@]} -eq 0 ]; then
    # reliability first: its first compile fills the machines' shared compiler cache (image.sh) before newcomer's
    # three machines, the room and redis compile. Then the longest first, so that the two lanes finish together.
    for s in reliability newcomer room redis minikube docker helm postgresql preflight; do
      [ -f "molecule/$s/molecule.yml" ] && scenarios+=("$s")
    done
    for f in molecule/*/molecule.yml; do
      s=$(basename "$(dirname "$f")")
      # vm runs inside the room job, against the room's machines (see scenario_job).
      [ "$s" = vm ] && continue
      case " ${scenarios[*]} " in *" $s "*) ;; *) scenarios+=("$s") ;; esac
    done
  fi
  if ! bash tests/harness/docker.sh; then
    failed=$((failed + 1)); failures+=("docker daemon"); return
  fi
  if ! image=$(bash tests/harness/image.sh); then
    failed=$((failed + 1)); failures+=("test image"); return
  fi
  export LAB_TEST_IMAGE="$image"
  # The machines' shared compiler cache (image.sh) starts empty: a suite's first Redis compile is a cold one.
  docker volume rm -f lab-ccache >/dev/null 2>&1 || true
  # The Airflow image of the run harness (newcomer's verify): built in the background while the scenarios start
  # (several minutes the first time; airflow-image.sh builds once, whoever asks first).
  # (In a subshell: not one of the jobs that pace the scenarios below.)
  (bash tests/harness/airflow-image.sh >"$out/airflow-image.out" 2>&1 &)
  # The real helm, which renders the Airflow chart for the run harness.
  export LAB_HELM
  LAB_HELM=${LAB_HELM:-$(bash tests/harness/helm.sh)} || true
  # Real Redis source for the redis scenarios: Debian's repack of the upstream tarball.
  local redis_source room_cache artifacts
  if redis_source=$(bash tests/harness/redis-source.sh); then
    export LAB_REDIS_ARCHIVE=${redis_source% *} LAB_REDIS_SHA256=${redis_source#* }
  fi
  # The fake minikube CLI and the real kubectl/helm, as an artifact folder (see the minikube scenario).
  if artifacts=$(bash tests/harness/fake-artifacts.sh); then
    export LAB_FAKE_ARTIFACTS="$artifacts"
  fi
  # The commit under test for the scenarios that clone the project as a user does, and the
  # controller Pythons they run make site with (pyenv builds on this machine; see newcomer).
  local checkout
  if checkout=$(bash tests/harness/checkout-repo.sh); then
    export LAB_CHECKOUT_REPO="$checkout"
  fi
  export LAB_PYTHON_3_10 LAB_PYTHON_3_12
  LAB_PYTHON_3_10=${LAB_PYTHON_3_10:-$(bash tests/harness/python.sh 3.10)} || true
  LAB_PYTHON_3_12=${LAB_PYTHON_3_12:-$(bash tests/harness/python.sh 3.12)} || true
  # Debian's chromium, headless, for the room's status page (the verify fails when it is missing).
  export LAB_CHROMIUM
  LAB_CHROMIUM=${LAB_CHROMIUM:-$(bash tests/harness/chromium.sh)} || true
  if room_cache=$(bash tests/harness/room-cache.sh); then
    export LAB_ROOM_CACHE="$room_cache"
  fi
  export NO_COLOR=1 ANSIBLE_NOCOLOR=1 PY_COLORS=0
  # The room's instructor files (SSH key, vault, inventory overrides), where the vm scenario finds them.
  export LAB_ROOM_DIR="$out/room"
  # Two jobs at a time (under make test, the static checks are one of them). The machine is busy all along: a
  # third job (tried on 2026-12-07) took the load to 15-20 on two cores and an Airflow task of newcomer's run failed.
  local jobs=${LAB_MOLECULE_JOBS:-2} logs="$out/molecule"
  rm -rf "$logs" && mkdir -p "$logs"
  for s in "${scenarios[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
    echo "=== molecule $s: started (log: tests/output/molecule/$s.log)"
    (
      start=$SECONDS
      # Each instance's /var/lib/docker is a named volume: start from empty ones (an interrupted or
      # hand-run scenario can leave them behind), and remove them afterwards.
      docker volume ls -q --filter "name=^lab-$s-" | xargs -r docker volume rm -f >/dev/null 2>&1
      scenario_job "$s" >"$logs/$s.log" 2>&1
      echo "$? $((SECONDS - start))" >"$logs/$s.rc"
      docker volume ls -q --filter "name=^lab-$s-" | xargs -r docker volume rm -f >/dev/null 2>&1
    ) &
  done
  wait
  for s in "${scenarios[@]}"; do
    local rc=1 secs=0
    [ -f "$logs/$s.rc" ] && read -r rc secs <"$logs/$s.rc"
    if [ "$rc" -eq 0 ]; then
      passed=$((passed + 1))
      echo "=== molecule $s: passed in $secs s"
    else
      failed=$((failed + 1)); failures+=("molecule $s")
      echo "=== molecule $s: FAILED after $secs s; the end of its log:"
      grep -v "Found installed collection" "$logs/$s.log" | tail -n 60
    fi
  done
}

# make test: the checks that need no test machine (lint, sanity, units) run as one job beside the Molecule
# scenarios, in one of their two lanes: they use one core of the two, which the scenarios fill.
run_all() {
  local static_log="$out/static.log" static_result="$out/static.result"
  rm -f "$static_result"
  # What both halves use, prepared once before they start (each half reports a failure where it needs it).
  bash tests/harness/docker.sh >/dev/null 2>&1 || true
  bash tests/harness/k8s-binaries.sh >/dev/null 2>&1 || true
  # chromium installs with apt: once here, not by both halves at the same time.
  bash tests/harness/chromium.sh >/dev/null 2>&1 || true
  (
    run_lint; run_sanity; run_units
    { echo "$passed $failed"; printf '%s\n' "${failures[@]}"; } >"$static_result"
  ) >"$static_log" 2>&1 &
  echo "=== lint, sanity and units: started (log: tests/output/static.log)"
  run_molecule
  wait
  cat "$static_log"
  if [ -f "$static_result" ]; then
    local static_passed static_failed line
    { read -r static_passed static_failed
      while IFS= read -r line; do [ -n "$line" ] && failures+=("$line"); done; } <"$static_result"
    passed=$((passed + static_passed)); failed=$((failed + static_failed))
  else
    failed=$((failed + 1)); failures+=("lint, sanity and units (no result)")
  fi
}

case "$what" in
  all) run_all ;;
  lint) run_lint ;;
  sanity) run_sanity ;;
  units) run_units ;;
  molecule) run_molecule "$@" ;;
  *) echo "usage: $0 [all|lint|sanity|units|molecule [scenario...]]" >&2; exit 2 ;;
esac

# Last, where a CI page that shows only the end of the output still has it: why each scenario failed (its last
# failed task: its first line and the fields that say why, see tests/harness/why-failed.awk; the whole log is in
# tests/output/molecule/).
for failure in "${failures[@]}"; do
  case $failure in "molecule "*) s=${failure#molecule } ;; *) continue ;; esac
  [ -f "$out/molecule/$s.log" ] || continue
  echo "=== why molecule $s failed (the last failed task of tests/output/molecule/$s.log):"
  awk -f tests/harness/why-failed.awk "$out/molecule/$s.log"
done
[ ${#failures[@]} -gt 0 ] && echo "failed steps: ${failures[*]}"
echo "suite: $passed passed, $failed failed"
if [ $((passed + failed)) -eq 0 ]; then
  echo "nothing was tested" >&2
  exit 1
fi
[ "$failed" -eq 0 ]
