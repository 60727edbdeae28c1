"""Chart values the airflow and spark_operator roles generate, against the real charts' values and schemas.

The chart files come from LAB_CHARTS_DIR (default ../shared/charts). Where they are missing, pull the charts
yourself and point LAB_CHARTS_DIR at a folder holding airflow-1.22.0/ and spark-operator-2.5.2/:
  helm pull apache-airflow/airflow --version 1.22.0 --untar --untardir $DIR && mv $DIR/airflow $DIR/airflow-1.22.0
  helm pull spark-operator/spark-operator --version 2.5.2 --untar --untardir $DIR && mv $DIR/spark-operator $DIR/spark-operator-2.5.2
"""
import json
import os

from conftest import render_cases

import jinja2
import jsonschema
import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHARTS = os.environ.get("LAB_CHARTS_DIR", os.path.join(ROOT, "..", "shared", "charts"))
AIRFLOW_CHART = os.path.join(CHARTS, "airflow-1.22.0")
SPARK_CHART = os.path.join(CHARTS, "spark-operator-2.5.2")

if not os.path.isfile(os.path.join(AIRFLOW_CHART, "values.schema.json")):
    # A test that cannot run fails: the chart files are part of what the suite needs.
    raise RuntimeError("chart files not found in {0}: set LAB_CHARTS_DIR (see this file's docstring for "
                       "`helm pull --untar`)".format(CHARTS))

V3_CASES = [
    (executor, db, broker)
    for executor in ["LocalExecutor", "CeleryExecutor", "KubernetesExecutor",
                     "CeleryExecutor,KubernetesExecutor", "LocalExecutor,KubernetesExecutor"]
    for db in ["host", "chart"]
    for broker in (["host", "chart"] if "Celery" in executor else ["none"])
]
CASES = [dict(name="v3-{0}-{1}-{2}".format(e.replace(",", "+"), d, b), version="3.2.2", executor=e, db=d, broker=b)
         for e, d, b in V3_CASES] + [
    dict(name="v2-CeleryKubernetesExecutor-host-host", version="2.11.0", executor="CeleryKubernetesExecutor", db="host", broker="host"),
    dict(name="v2-LocalKubernetesExecutor-host-none", version="2.11.0", executor="LocalKubernetesExecutor", db="host", broker="none"),
    dict(name="v2-CeleryExecutor-chart-chart", version="2.11.0", executor="CeleryExecutor", db="chart", broker="chart"),
]


def _load_yaml(path):
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def missing_paths(emitted, defaults, free_form=(), prefix=""):
    """Key paths in emitted that the chart's values.yaml does not have (lists are leaves)."""
    missing = []
    for key, value in emitted.items():
        path = prefix + key
        if path in free_form:
            continue
        if not isinstance(defaults, dict) or key not in defaults:
            missing.append(path)
        elif isinstance(value, dict) and isinstance(defaults[key], dict) and defaults[key]:
            missing.extend(missing_paths(value, defaults[key], free_form, path + "."))
    return missing


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    return render_cases(tmp_path_factory.mktemp("values"), "chart_values.yml", CASES)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_airflow_values_validate_against_the_chart(rendered, case):
    values = rendered["airflow-" + case["name"]]
    schema = json.load(open(os.path.join(AIRFLOW_CHART, "values.schema.json"), encoding="utf-8"))
    defaults = _load_yaml(os.path.join(AIRFLOW_CHART, "values.yaml"))
    jsonschema.Draft7Validator(schema).validate(values)
    assert sorted(set(values) - set(defaults)) == []
    # airflow.cfg sections are free-form in the chart.
    assert missing_paths(values, defaults, free_form=("config",)) == []

    celery = "Celery" in case["executor"]
    v3 = case["version"].startswith("3")
    assert values["executor"] == case["executor"]
    assert values["airflowVersion"] == case["version"]
    assert values["postgresql"]["enabled"] is (case["db"] == "chart")
    if case["db"] == "host":
        assert values["data"]["metadataSecretName"] == "airflow-lab-metadata"
        assert "metadataConnection" not in values.get("data", {})
    assert values["redis"]["enabled"] is (celery and case["broker"] == "chart")
    if celery and case["broker"] == "host":
        assert values["data"]["brokerUrlSecretName"] == "airflow-lab-broker"
        assert "brokerUrl" not in values["data"]
    assert values["dags"]["persistence"] == {"enabled": True, "existingClaim": "airflow-dags-claim"}
    assert values["logs"]["persistence"] == {"enabled": True, "existingClaim": "airflow-logs-claim"}
    ui = values["apiServer" if v3 else "webserver"]["service"]
    assert ui["type"] == "NodePort" and ui["ports"][0]["nodePort"] == 30080
    assert ("apiServer" in values) is v3 and ("webserver" in values) is (not v3)
    assert values["flower"]["enabled"] is celery
    if celery:
        assert values["flower"]["service"]["type"] == "NodePort"
        assert values["config"]["celery"]["worker_concurrency"] == 4
    assert values["config"]["core"]["max_active_tasks_per_dag"] == 16
    assert values["createUserJob"]["useHelmHooks"] is False
    assert values["migrateDatabaseJob"]["useHelmHooks"] is False
    for key in ("fernetKeySecretName",) + (("apiSecretKeySecretName", "jwtSecretName") if v3 else ("webserverSecretKeySecretName",)):
        assert values[key].startswith("airflow-lab-")
    # No credential in the values: the admin's password reaches the create-user Job from its Secret.
    assert "password" not in values["createUserJob"]["defaultUser"]
    assert values["createUserJob"]["env"] == [{"name": "AIRFLOW_LAB_ADMIN_PASSWORD", "valueFrom": {
        "secretKeyRef": {"name": "airflow-lab-admin", "key": "password"}}}]
    assert values["createUserJob"]["args"][-2:] == ["-p", "$(AIRFLOW_LAB_ADMIN_PASSWORD)"]


def test_spark_operator_values_use_real_2x_keys(rendered):
    values = rendered["spark-operator"]["values"]
    defaults = _load_yaml(os.path.join(SPARK_CHART, "values.yaml"))
    assert missing_paths(values, defaults) == []
    assert values["spark"]["jobNamespaces"] == ["processing"]
    assert values["spark"]["serviceAccount"] == {"create": True, "name": "spark"}


def _crd(name):
    return _load_yaml(os.path.join(SPARK_CHART, "crds", "sparkoperator.k8s.io_{0}.yaml".format(name)))


def test_rbac_names_the_crds_real_group_and_resources(rendered):
    role, binding = rendered["spark-operator"]["rbac"]
    crd_resources = {_crd(n)["spec"]["names"]["plural"] for n in ("sparkapplications", "scheduledsparkapplications")}
    groups = {_crd(n)["spec"]["group"] for n in ("sparkapplications", "scheduledsparkapplications")}
    spark_rules = [r for r in role["rules"] if r["apiGroups"] != [""]]
    assert {g for r in spark_rules for g in r["apiGroups"]} == groups
    named = {res.split("/")[0] for r in spark_rules for res in r["resources"]}
    assert named == crd_resources
    submit = next(r for r in spark_rules if "sparkapplications" in r["resources"])
    assert {"create", "get", "watch", "delete"} <= set(submit["verbs"])
    core = {res for r in role["rules"] if r["apiGroups"] == [""] for res in r["resources"]}
    assert {"pods", "pods/log"} <= core
    assert role["metadata"]["namespace"] == binding["metadata"]["namespace"] == "processing"
    assert {(s["name"], s["namespace"]) for s in binding["subjects"]} == {
        ("airflow-worker", "airflow"), ("airflow-triggerer", "airflow")}


def test_example_spark_application_validates_against_the_crd(shipped_dags):
    crd = _crd("sparkapplications")
    version = next(v for v in crd["spec"]["versions"] if v["name"] == "v1beta2")
    with open(os.path.join(shipped_dags, "spark_pi.yaml"), encoding="utf-8") as handle:
        app = yaml.safe_load(jinja2.Template(handle.read()).render(ts_nodash="20260101T000000"))
    assert app["apiVersion"] == "{0}/v1beta2".format(crd["spec"]["group"])
    assert app["kind"] == crd["spec"]["names"]["kind"]
    jsonschema.Draft7Validator(version["schema"]["openAPIV3Schema"]).validate(app)
    assert app["spec"]["driver"]["serviceAccount"] == "spark"


BAD = [
    ({"airflow_executor": "CeleryKubernetesExecutor"},
     ["CeleryKubernetesExecutor is not supported by Airflow 3", '"CeleryExecutor,KubernetesExecutor" instead']),
    ({"airflow_executor": "CeleryExecutor", "airflow_broker": "none"},
     ["CeleryExecutor needs a Celery broker, but airflow_broker is none"]),
    ({"airflow_executor": "DaskExecutor"}, ["unknown executor DaskExecutor", "choose from LocalExecutor"]),
    ({"airflow_executor": "CeleryExecutor,KubernetesExecutor", "airflow_version": "2.11.0"},
     ["need Airflow 3", "use CeleryKubernetesExecutor instead"]),
    ({"airflow_version": "2.10.5"}, ["older than 2.11.0"]),
    # High availability (docs/roles/airflow.md): each refusal alone, with its one message.
    ({"airflow_triggerer_replicas": 0},
     ["1 problem(s)", "airflow_triggerer_replicas must be a whole number of pods, 1 or more, got 0"]),
    ({"airflow_executor": "KubernetesExecutor", "airflow_worker_replicas": 2},
     ["1 problem(s)", "airflow_worker_replicas and airflow_worker_pdb are for Celery workers",
      "KubernetesExecutor does not run"]),
    ({"airflow_executor": "LocalExecutor", "airflow_worker_pdb": True},
     ["1 problem(s)", "airflow_worker_replicas and airflow_worker_pdb are for Celery workers", "LocalExecutor does not run"]),
    ({"airflow_version": "2.11.0", "airflow_executor": "CeleryExecutor", "airflow_dag_processor_replicas": 2},
     ["1 problem(s)", "airflow_dag_processor_replicas and airflow_dag_processor_pdb need Airflow 3", "this is 2.11.0"]),
    ({"airflow_version": "2.11.0", "airflow_executor": "CeleryExecutor", "airflow_dag_processor_pdb": True},
     ["1 problem(s)", "airflow_dag_processor_replicas and airflow_dag_processor_pdb need Airflow 3"]),
    ({"airflow_pdb_max_unavailable": 0},
     ["1 problem(s)", "airflow_pdb_max_unavailable must be a whole number of pods, 1 or more", "got 0"]),
    ({"airflow_scheduler_pdb": True},
     ["1 problem(s)", "airflow_scheduler_pdb needs airflow_scheduler_replicas above airflow_pdb_max_unavailable (1), got 1"]),
    ({"airflow_api_server_replicas": 2, "airflow_api_server_pdb": True, "airflow_pdb_max_unavailable": 2},
     ["1 problem(s)", "airflow_api_server_pdb needs airflow_api_server_replicas above airflow_pdb_max_unavailable (2), got 2"]),
    ({"airflow_scheduler_replicas": 2, "airflow_extra_config": {"scheduler": {"use_row_level_locking": "False"}}},
     ["1 problem(s)", "airflow_scheduler_replicas is 2, but airflow_extra_config turns [scheduler] use_row_level_locking off"]),
    ({"airflow_dag_refresh_interval": 0},
     ["1 problem(s)", "airflow_dag_refresh_interval must be a number of seconds, 1 or more, got 0"]),
]


@pytest.mark.parametrize("overrides,messages", BAD, ids=["celerykubernetes-on-3", "celery-no-broker", "unknown",
                                                         "multi-on-2", "too-old", "no-triggerer", "workers-without-celery",
                                                         "worker-pdb-without-celery", "dag-processors-on-2",
                                                         "dag-processor-pdb-on-2", "pdb-of-0", "pdb-on-one-pod",
                                                         "pdb-as-large-as-the-replicas", "schedulers-without-row-locks",
                                                         "dag-refresh-of-0"])
def test_bad_combinations_fail_before_any_change(overrides, messages):
    import subprocess  # pylint: disable=import-outside-toplevel
    import sys  # pylint: disable=import-outside-toplevel
    cmd = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", "localhost,", "-c", "local",
           "-e", "ansible_python_interpreter=" + sys.executable, "-e", json.dumps(overrides),
           os.path.join(ROOT, "tests", "integration", "playbooks", "airflow_bad.yml")]
    env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"), ANSIBLE_STDOUT_CALLBACK="ansible.posix.json")
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=300)
    assert proc.returncode != 0
    doc = json.JSONDecoder().raw_decode(proc.stdout[proc.stdout.find("{"):])[0]
    ran = [t["task"]["name"] for t in doc["plays"][0]["tasks"]]
    assert ran[-1] == "dataeng.airflow_lab.airflow : Check the airflow variables before any change", ran
    result = doc["plays"][0]["tasks"][-1]["hosts"]["localhost"]
    assert result.get("failed")
    for message in messages:
        assert message in result["msg"], result["msg"]
    assert doc["stats"]["localhost"]["changed"] == 0
