#!/usr/bin/env bash
# Build (once) and cache the Airflow image of the run harness (tests/airflow_run): the test image (image.sh) with
# Airflow and the providers the chart's pods and the lab's DAGs use, from PyPI (airflow-image/Dockerfile says what
# the chart expects of the image). The tag hashes the recipe and the versions: change either and it is rebuilt.
#   airflow-image.sh [AIRFLOW_VERSION]   (default LAB_AIRFLOW_VERSION, else the role's pin); prints the image's name.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# The lab's pins, as make dags-check reads them: the airflow role's airflow_version and requirements/dags-check.txt.
pin() { sed -n -E "s/^$1==([^[:space:]#]+).*/\1/p" "$root/requirements/dags-check.txt"; }
version=${1:-${LAB_AIRFLOW_VERSION:-$(sed -n -E 's/^airflow_version:[[:space:]]*"?([^"#[:space:]]+)"?.*/\1/p' \
  "$root/roles/airflow/defaults/main.yml")}}
# The providers the lab's DAGs and settings use, the chart's auth manager (fab), its metrics client (statsd) and the
# executors' and databases' clients. pip picks the other providers' releases.
case "$version" in
  3.*) specs="apache-airflow[celery,postgres,redis,fab,statsd]==$version
         apache-airflow-providers-cncf-kubernetes==$(pin apache-airflow-providers-cncf-kubernetes)
         apache-airflow-providers-amazon==$(pin apache-airflow-providers-amazon)" ;;
  2.*) specs="apache-airflow[celery,postgres,redis,statsd,cncf.kubernetes,amazon]==$version" ;;
  *) echo "airflow-image.sh: no recipe for Airflow '$version'" >&2; exit 2 ;;
esac
# The day the libraries are taken from (uv's --exclude-newer): the day after the Airflow release's upload to PyPI, as
# its constraints file would have them; the pinned providers, and the common providers they need, are exempt.
case "$version" in
  3.2.2) as_of=2026-05-30T00:00:00Z ;;
  *) echo "airflow-image.sh: no release day for Airflow '$version' (add it: the day after its upload to PyPI)" >&2; exit 2 ;;
esac
newer_allowed="apache-airflow-providers-cncf-kubernetes apache-airflow-providers-amazon"
newer_allowed="$newer_allowed apache-airflow-providers-common-compat apache-airflow-providers-common-sql"
newer_allowed="$newer_allowed apache-airflow-providers-common-io apache-airflow-providers-http"
base=$(bash "$here/image.sh")
hash=$( { cat "$0" "$here"/airflow-image/*; echo "$base $specs $as_of"; } | sha256sum | cut -c1-12)
image="airflow-lab-airflow:$version-$hash"
# One build at a time: make test starts it early in the background, and the harness asks for it again when it runs.
mkdir -p "$here/../output"
exec 9>"$here/../output/.airflow-image.lock"
flock 9
if docker image inspect "$image" >/dev/null 2>&1; then
  echo "$image"
  exit 0
fi
# Images of an older recipe for this version are dead weight (about 1.5 GB each).
docker image ls --format '{{.Repository}}:{{.Tag}}' airflow-lab-airflow | grep "^airflow-lab-airflow:$version-" \
  | xargs -r docker rmi >/dev/null 2>&1 || true
log="$here/../output/airflow-image-$version.log"
mkdir -p "$(dirname "$log")"
echo "building $image (apache-airflow $version from PyPI, several minutes; log: $log)" >&2
if ! DOCKER_BUILDKIT=0 docker build --build-arg BASE="$base" --build-arg PIP_SPECS="$specs" \
     --build-arg AS_OF="$as_of" --build-arg NEWER_ALLOWED="$newer_allowed" -t "$image" \
     "$here/airflow-image" >"$log" 2>&1; then
  tail -n 30 "$log" >&2
  exit 1
fi
echo "$image"
