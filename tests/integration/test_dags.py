"""The example DAGs, as the spark_operator role ships them, import under Airflow's own DAG parsing.

Needs a Python with apache-airflow and the cncf.kubernetes provider: LAB_AIRFLOW_PYTHON, which
tests/run.sh sets from tests/harness/airflow-venv.sh.
"""
import json
import os
import subprocess

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LAB = yaml.safe_load(open(os.path.join(ROOT, "roles", "lab", "defaults", "main.yml"), encoding="utf-8"))
PARSE = r"""
import json, sys
from airflow.models.dagbag import DagBag
bag = DagBag(dag_folder=sys.argv[1], include_examples=False)
out = {"errors": {k: str(v) for k, v in bag.import_errors.items()}, "dags": {}}
for dag_id, dag in bag.dags.items():
    out["dags"][dag_id] = {t.task_id: {"type": type(t).__name__, "pool": t.pool,
                                       "application_file": getattr(t, "application_file", None),
                                       "namespace": getattr(t, "namespace", None)} for t in dag.tasks}
import jinja2
out["rendered"] = {dag_id: jinja2.Template(bag.dags[dag_id].get_task("submit_" + dag_id).application_file).render(
    ts_nodash="20260101T000000") for dag_id in ("spark_pi", "spark_s3")}
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def parsed(tmp_path_factory, shipped_dags):
    python = os.environ.get("LAB_AIRFLOW_PYTHON")
    if not python:
        pytest.fail("set LAB_AIRFLOW_PYTHON to a Python with apache-airflow and the cncf.kubernetes provider "
                    "(tests/harness/airflow-venv.sh builds one)")
    home = tmp_path_factory.mktemp("airflow-home")
    env = dict(os.environ, AIRFLOW_HOME=str(home), AIRFLOW__CORE__LOAD_EXAMPLES="False",
               AIRFLOW__CORE__DAGS_FOLDER=shipped_dags, AIRFLOW__DATABASE__SQL_ALCHEMY_CONN="sqlite:///{0}/airflow.db".format(home))
    proc = subprocess.run([python, "-c", PARSE, shipped_dags], env=env, capture_output=True, text=True, check=False, timeout=600)
    assert proc.returncode == 0, proc.stderr[-4000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_example_dags_import_without_errors(parsed):
    assert parsed["errors"] == {}
    assert set(parsed["dags"]) == {"spark_pi", "rate_limited_api", "spark_s3"}


def test_spark_pi_submits_the_application_and_a_sensor_follows_it(parsed):
    tasks = parsed["dags"]["spark_pi"]
    assert tasks["submit_spark_pi"]["type"] == "SparkKubernetesOperator"
    app = yaml.safe_load(parsed["rendered"]["spark_pi"])
    assert app["kind"] == "SparkApplication"
    assert app["metadata"]["name"] == "spark-pi-20260101t000000"
    assert tasks["watch_spark_pi"]["type"] == "SparkKubernetesSensor"
    defaults = yaml.safe_load(open(os.path.join(ROOT, "roles", "spark_operator", "defaults", "main.yml"), encoding="utf-8"))
    assert defaults["spark_operator_job_namespace"] == "{{ lab_spark_job_namespace }}"
    assert tasks["submit_spark_pi"]["namespace"] == app["metadata"]["namespace"] == LAB["lab_spark_job_namespace"]
    assert app["spec"]["driver"]["serviceAccount"] == defaults["spark_operator_spark_service_account"]


def test_spark_s3_submits_its_application_then_reads_the_result_back(parsed):
    tasks = parsed["dags"]["spark_s3"]
    assert [tasks[t]["type"] for t in ("submit_spark_s3", "watch_spark_s3")] == ["SparkKubernetesOperator", "SparkKubernetesSensor"]
    assert "read_result" in tasks
    app = yaml.safe_load(parsed["rendered"]["spark_s3"])
    assert app["metadata"]["name"] == "spark-s3-20260101t000000"
    assert app["metadata"]["namespace"] == tasks["submit_spark_s3"]["namespace"] == LAB["lab_spark_job_namespace"]
    assert app["spec"]["arguments"] == ["s3a://{0}/spark-s3/20260101T000000".format(LAB["lab_s3_data_bucket"])]


def test_pool_dag_uses_the_pool_the_airflow_role_creates(parsed):
    defaults = yaml.safe_load(open(os.path.join(ROOT, "roles", "airflow", "defaults", "main.yml"), encoding="utf-8"))
    pool = defaults["airflow_pools"][0]["name"]
    assert parsed["dags"]["rate_limited_api"]["fetch_quote"]["pool"] == pool
