#!/usr/bin/env bash
# A virtualenv with the Airflow the chart runs and the cncf.kubernetes provider, to parse the example
# DAGs the way Airflow does, and the amazon provider (the S3 log handler and hook, tested against moto's server). Cached outside the checkout (about 450 MB, several minutes to build).
# Prints its python.
set -euo pipefail
# The pins of make dags-check: the airflow role's airflow_version and requirements/dags-check.txt's providers.
root=$(cd "$(dirname "$0")/../.." && pwd)
pin() { sed -n -E "s/^$1==([^[:space:]#]+).*/\1/p" "$root/requirements/dags-check.txt"; }
version=${LAB_AIRFLOW_VERSION:-$(sed -n -E 's/^airflow_version:[[:space:]]*"?([^"#[:space:]]+)"?.*/\1/p' \
  "$root/roles/airflow/defaults/main.yml")}
provider=${LAB_CNCF_PROVIDER_VERSION:-$(pin apache-airflow-providers-cncf-kubernetes)}
amazon=${LAB_AMAZON_PROVIDER_VERSION:-$(pin apache-airflow-providers-amazon)}
if [ -z "$version" ] || [ -z "$provider" ] || [ -z "$amazon" ]; then
  echo "airflow-venv: no pin for Airflow ($version), cncf.kubernetes ($provider) or amazon ($amazon)" >&2
  exit 1
fi
venv="${XDG_CACHE_HOME:-$HOME/.cache}/airflow-lab/airflow-$version-cncf-$provider"
if ! "$venv/bin/python" -c 'import airflow.providers.cncf.kubernetes' >/dev/null 2>&1; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  echo "building $venv (apache-airflow $version, cncf.kubernetes $provider, amazon $amazon)" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check \
    "apache-airflow==$version" "apache-airflow-providers-cncf-kubernetes==$provider" \
    "apache-airflow-providers-amazon==$amazon" >&2 2>"$venv.log" || {
      tail -n 20 "$venv.log" >&2
      exit 1
    }
fi
if ! "$venv/bin/python" -c 'import airflow.providers.amazon' >/dev/null 2>&1; then
  echo "adding apache-airflow-providers-amazon $amazon to $venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check \
    "apache-airflow==$version" "apache-airflow-providers-amazon==$amazon" >&2 2>"$venv.log" || {
      tail -n 20 "$venv.log" >&2
      exit 1
    }
fi
echo "$venv/bin/python"
