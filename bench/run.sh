#!/usr/bin/env bash
# Benchmark of the host layer on fresh Debian 12 containers, in one run:
#   1. first converge of the host layer on one host      4. downloads from outside in 1 and 3
#   2. the idempotent rerun, and its changed count        5. the same steps as plain shell commands (the floor)
#   3. the same converge on three hosts at once            6. three hosts with the room's cache host
#   7. the room's status page (playbooks/status.yml) on the three hosts of 6, rerun to rerun
#   8. from the converged host of 1 to a healthy Airflow: the run harness (tests/airflow_run) with LocalExecutor
# "Outside" is an HTTP server on 127.0.0.1 holding the Redis tarball (this machine has no internet):
# every request it answers is a download. Writes docs/benchmarks.md; prints the table.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export PATH="$root/.venv/bin:$PATH" ANSIBLE_CONFIG="$root/ansible.cfg" ANSIBLE_NOCOLOR=1
work=$(mktemp -d /tmp/lab-bench.XXXXXX)
names=(bench-1 bench-2 bench-3 bench-4 bench-floor bench-5 bench-6 bench-7 bench-cache)
cleanup() {
  docker rm -f "${names[@]}" >/dev/null 2>&1 || true
  docker volume rm -f "${names[@]/%/-docker}" >/dev/null 2>&1 || true
  docker network rm bench-room >/dev/null 2>&1 || true
  if [ -n "${server:-}" ]; then kill "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

bash tests/harness/docker.sh
image=$(bash tests/harness/image.sh)
source=$(bash tests/harness/redis-source.sh)
tarball=${source% *} sha=${source#* }

# The "outside": a loopback server with the Redis tarball, logging every request.
mkdir -p "$work/outside"
cp "$tarball" "$work/outside/redis-7.0.15.tar.gz"
python3 -m http.server 18080 --bind 127.0.0.1 --directory "$work/outside" >"$work/outside.log" 2>&1 &
server=$!
sleep 1
downloads() { grep -c '"GET /redis-7.0.15.tar.gz' "$work/outside.log" || true; }

start() {  # start <name> [docker run options]
  local name=$1; shift
  docker rm -f "$name" >/dev/null 2>&1 || true
  docker run -d --name "$name" --hostname "$name" "$@" --cgroupns=host -v /sys/fs/cgroup:/sys/fs/cgroup:rw \
    --tmpfs /run --tmpfs /run/lock --tmpfs /tmp -v "$name-docker:/var/lib/docker" \
    --cap-add SYS_ADMIN --cap-add NET_ADMIN --cap-add SYS_PTRACE --cap-add SYS_NICE --cap-add IPC_LOCK \
    --cap-add DAC_READ_SEARCH --security-opt seccomp=unconfined --security-opt apparmor=unconfined \
    --sysctl net.ipv4.ip_nonlocal_bind=1 "$image" /lib/systemd/systemd >/dev/null
  docker exec "$name" bash -c 'until systemctl is-system-running --quiet 2>/dev/null || [ "$(systemctl is-system-running)" = degraded ]; do sleep 0.5; done; useradd -m -s /bin/bash student'
}

cat >"$work/vars.yml" <<VARS
lab_user: student
lab_layers: [host]
docker_install_source: distro
lab_artifact_dir: $work/cache
lab_secrets_dir: $work/secrets
lab_status_dir: $work/status
redis_version: "7.0.15"
redis_source_url: http://127.0.0.1:18080/redis-7.0.15.tar.gz
redis_checksum: "sha256:$sha"
lab_redis_build_once: true
VARS
inventory() {  # inventory <host>... [-- <cache host>]
  local cache=""
  { echo "all:"; echo "  hosts:"
    while [ $# -gt 0 ]; do
      if [ "$1" = -- ]; then cache=$2; break; fi
      echo "    $1: {ansible_connection: community.docker.docker}"; shift
    done
    if [ -n "$cache" ]; then
      echo "  children:"; echo "    lab_cache:"; echo "      hosts:"
      echo "        $cache: {ansible_connection: community.docker.docker}"
      echo "  vars: {lab_cache_address: $cache}"
    fi; } >"$work/inventory.yml"
}
# Bytes a container received over its network: from outside, for a lab host without a cache host, or for
# the cache host (the lab hosts behind it receive from the cache host).
rx() { docker exec "$1" cat /sys/class/net/eth0/statistics/rx_bytes; }
rx_sum() { local s=0 h; for h in "$@"; do s=$((s + $(rx "$h"))); done; echo "$s"; }
mb() { python3 -c "print(f'{$1/1e6:.0f}')"; }
logs="$root/tests/output/bench"
mkdir -p "$logs"
converge() {  # converge <log name>; prints "<seconds> <changed>"; the run's output, with task times, goes to $logs
  local t0=$SECONDS out
  out=$(ANSIBLE_CALLBACKS_ENABLED=ansible.posix.profile_tasks PROFILE_TASKS_TASK_OUTPUT_LIMIT=12 \
        ansible-playbook -i "$work/inventory.yml" site.yml -e @"$work/vars.yml" 2>&1) || { echo "$out" | tail -40 >&2; return 1; }
  echo "$out" >"$logs/$1.log"
  echo "$((SECONDS - t0)) $(echo "$out" | awk '/ changed=/ {for (i=1;i<=NF;i++) if ($i ~ /^changed=/) {split($i,a,"="); s+=a[2]}} END {print s+0}')"
}
# ok - skipped tasks of a run (the tasks that reached a host), from its recap
tasks_run() { awk '/ ok=/ {for (i=1;i<=NF;i++) if ($i ~ /^ok=/) {split($i,a,"="); s+=a[2]}} END {print s+0}' "$logs/$1.log"; }
slowest() { grep -E -- ' -{2,} +[0-9.]+s$' "$logs/$1.log" | head -"$2" | sed -E 's/ -{2,} +/: /; s/^/- /'; }

echo "benchmark: starting fresh containers" >&2
start bench-1
inventory bench-1
read -r t1 c1 < <(converge first); d1=$(downloads)
read -r t2 c2 < <(converge rerun)
# (8) The converged host to a healthy Airflow: the chart's pods from the role's values on its PostgreSQL (the run
# harness, LocalExecutor): the whole run (render, image load, Jobs, pods ready) and the pods' part (the Jobs' start
# to every probe passing).
export LAB_HELM=${LAB_HELM:-$(bash tests/harness/helm.sh)}
bash tests/harness/airflow-image.sh >/dev/null
t0=$SECONDS
python tests/airflow_run/run.py up --host bench-1 --out "$work/airflow-run" --executor LocalExecutor --lab-user student \
  --lab-dir /home/student/airflow-lab-data --db-password-file "$work/secrets/bench-1/postgresql-airflow_user" \
  --redis-password-file "$work/secrets/bench-1/redis-password" >"$logs/airflow-run.json" 2>"$logs/airflow-run.log" \
  || { tail -40 "$logs/airflow-run.log" >&2; exit 1; }
t8=$((SECONDS - t0))
t8pods=$(python3 -c "import json, sys; print(json.load(open(sys.argv[1]))['seconds'])" "$logs/airflow-run.json")
python tests/airflow_run/run.py down --host bench-1
rm -rf "$work/cache"
for h in bench-2 bench-3 bench-4; do start "$h"; done
inventory bench-2 bench-3 bench-4
before=$(downloads) rx0=$(rx_sum bench-2 bench-3 bench-4)
read -r t3 c3 < <(converge three); d3=$(( $(downloads) - before )); b3=$(( $(rx_sum bench-2 bench-3 bench-4) - rx0 ))
docker rm -f bench-2 bench-3 bench-4 >/dev/null

# The room with its cache host (apt-cacher-ng, the registry mirror), on a network of their own, in one run.
rm -rf "$work/cache"
docker network create --subnet 198.18.0.0/24 bench-room >/dev/null
for h in bench-cache bench-5 bench-6 bench-7; do start "$h" --network bench-room; done
inventory bench-5 bench-6 bench-7 -- bench-cache
before=$(downloads) rx0=$(rx bench-cache)
read -r t6 c6 < <(converge cached); d6=$(( $(downloads) - before )); b6=$(( $(rx bench-cache) - rx0 ))
# What an instructor reruns often: the status page of the room just converged (the cache host is left out by
# the playbook itself). The first run warms the controller's caches; the reruns are what is measured.
status_run() {  # prints the seconds of one status.yml run
  local t0=$SECONDS
  ansible-playbook -i "$work/inventory.yml" playbooks/status.yml -e @"$work/vars.yml" \
    >"$logs/status.log" 2>&1 || { tail -40 "$logs/status.log" >&2; return 1; }
  echo "$((SECONDS - t0))"
}
status_run >/dev/null
t7=$(status_run) t7b=$(status_run)
c7=$(awk '/ changed=/ {for (i=1;i<=NF;i++) if ($i ~ /^changed=/) {split($i,a,"="); s+=a[2]}} END {print s+0}' "$logs/status.log")
grep -q 'Room status: 3 ready' "$logs/status.log" || { echo "status.yml did not find the room ready:" >&2; tail -20 "$logs/status.log" >&2; exit 1; }

# The floor: the same work as plain commands on a fresh container.
start bench-floor
docker cp "$tarball" bench-floor:/usr/local/src/redis-7.0.15.tar.gz
t0=$SECONDS
docker exec bench-floor bash -ec '
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq acl ca-certificates curl gnupg gzip iproute2 procps sudo tar unzip docker.io \
    postgresql-15 postgresql-client-15 python3-psycopg2 build-essential pkg-config libsystemd-dev >/dev/null
  usermod -aG docker student
  systemctl enable --now docker >/dev/null
  su postgres -c "psql -qc \"CREATE USER airflow_user PASSWORD '"'"'bench'"'"'\"" && su postgres -c "createdb -O airflow_user airflow_db"
  cd /usr/local/src && tar -xzf redis-7.0.15.tar.gz && cd redis-7.0.15 && make -s -j"$(nproc)" USE_SYSTEMD=yes >/dev/null 2>&1
  make -s install PREFIX=/usr/local >/dev/null 2>&1'
tfloor=$((SECONDS - t0))

cpu=$(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2 | xargs)
marker='<!-- Notes below this line are kept by bench/run.sh. -->'
notes=$(awk -v m="$marker" '$0 == m {f = 1} f' docs/benchmarks.md 2>/dev/null || true)
ratio() { python3 -c "print(f'{$1/$2:.2f}')"; }
table=$(cat <<TABLE
| step | seconds | changed | downloads from outside | target |
|---|---|---|---|---|
| (1) host layer, first converge, 1 host | $t1 | $c1 | $d1 | within 1.3x the floor: $(ratio "$t1" "$tfloor")x |
| (2) idempotent rerun, 1 host | $t2 | $c2 | 0 | under 15 s with 0 changed |
| (3) host layer, first converge, 3 hosts at once | $t3 | $c3 | $d3 | within 2x one host: $(ratio "$t3" "$t1")x; downloads independent of host count |
| (6) the same, 3 hosts with the room's cache host | $t6 | $c6 | $d6 | within 1.5x one host: $(ratio "$t6" "$t1")x |
| (5) the same as plain shell commands (floor), 1 host | $tfloor | - | - | - |
| (7) the room's status page (\`playbooks/status.yml\`), 3 hosts of (6), two reruns | $t7, $t7b | $c7 | 0 | under 20 s |
| (8) the host of (1) to a healthy Airflow (run harness, LocalExecutor): all, the pods' part | $t8, $t8pods | - | - | under 5 minutes |
TABLE
)
echo "$table"
cat >docs/benchmarks.md <<DOC
# Benchmarks

Measured by \`bench/run.sh\` on $(date -u +%Y-%m-%d): $(nproc) CPUs ($cpu), $(free -g | awk '/Mem:/ {print $2}') GiB,
$(. /etc/os-release && echo "$PRETTY_NAME"), Docker containers from the Debian 12 test image, Ansible over the docker
connection with pipelining. The host layer is preflight, docker (distro), postgresql and redis (built from source);
"outside" is a loopback HTTP server holding the Redis tarball, and each request it answers counts as a download.

$table

Bytes from outside for the three hosts (what their network interfaces received; with the cache host, what the
cache host received): without the cache host $(mb "$b3") MB, with it $(mb "$b6") MB, a ratio of $(ratio "$b6" "$b3"):
one machine's share would be 0.33; the cache host's own packages and each host's package index come on top.

The floor runs the same package installs, database creation and Redis build as plain commands, without any checks,
configuration templates, systemd units or verification. Run it again with \`bench/run.sh\`.

Where the time goes in this run (task times from \`ansible.posix.profile_tasks\`, logs in \`tests/output/bench/\`):

(1) first converge, the slowest tasks:
$(slowest first 8)

(2) the rerun: $(tasks_run rerun) tasks ok (checks evaluated on the controller included); the slowest:
$(slowest rerun 8)
DOC
# Notes written by hand below the marker survive a new run.
if [ -n "$notes" ]; then printf '\n%s\n' "$notes" >>docs/benchmarks.md; fi
