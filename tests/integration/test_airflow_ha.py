"""High availability: the replicas and PodDisruptionBudgets the airflow role gives the real Airflow chart
(LAB_CHARTS_DIR/airflow-1.22.0.tgz), rendered by the real helm (LAB_HELM, from tests/harness/helm.sh).

For each case the role renders its values (playbooks/airflow_ha_render.yml, the settings as extra vars); helm renders
them; the test reads the Deployments and StatefulSets of each component, and the PodDisruptionBudgets, against the
numbers written here. The refusals of bad combinations are in test_charts.py (BAD).
"""
import json
import os
import subprocess
import sys

import jsonschema
import pytest
import yaml

from conftest import real_helm

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHARTS = os.environ.get("LAB_CHARTS_DIR", os.path.join(ROOT, "..", "shared", "charts"))
AIRFLOW_ARCHIVE = os.path.join(CHARTS, "airflow-1.22.0.tgz")
AIRFLOW_CHART = os.path.join(CHARTS, "airflow-1.22.0")
PLAYBOOK = os.path.join(ROOT, "tests", "integration", "playbooks", "airflow_ha_render.yml")

HA = {"airflow_scheduler_replicas": 2, "airflow_api_server_replicas": 2, "airflow_worker_replicas": 2,
      "airflow_triggerer_replicas": 2, "airflow_scheduler_pdb": True, "airflow_api_server_pdb": True,
      "airflow_worker_pdb": True, "airflow_triggerer_pdb": True}
# Each case: the settings, then what the chart must run - {component label: (kind, replicas)} for every Airflow
# workload - and the PodDisruptionBudgets {component label: maxUnavailable}.
CASES = {
    # Nothing asked: what the lab rendered before (one pod each, no budget).
    "defaults": ({}, {"scheduler": ("Deployment", 1), "api-server": ("Deployment", 1), "worker": ("StatefulSet", 1),
                      "triggerer": ("Deployment", 1), "dag-processor": ("Deployment", 1)}, {}),
    "ha-v3-celery": (HA, {"scheduler": ("Deployment", 2), "api-server": ("Deployment", 2), "worker": ("StatefulSet", 2),
                          "triggerer": ("Deployment", 2), "dag-processor": ("Deployment", 1)},
                     {"scheduler": 1, "api-server": 1, "worker": 1, "triggerer": 1}),
    # Airflow 2: the webserver instead of the API server, no DAG processor; a budget of 2 pods out of 3.
    "ha-v2-celery": (dict(HA, airflow_version="2.11.0", airflow_api_server_replicas=3, airflow_worker_replicas=3,
                          airflow_pdb_max_unavailable=2, airflow_scheduler_pdb=False, airflow_triggerer_pdb=False),
                     {"scheduler": ("Deployment", 2), "webserver": ("Deployment", 3), "worker": ("StatefulSet", 3),
                      "triggerer": ("Deployment", 2)},
                     {"webserver": 2, "worker": 2}),
    # LocalExecutor: schedulers run the tasks (a StatefulSet, as the chart makes it with the workers' persistence on),
    # no Celery worker and no worker budget; two DAG processors with theirs.
    "ha-v3-local": ({"airflow_executor": "LocalExecutor", "airflow_scheduler_replicas": 3, "airflow_scheduler_pdb": True,
                     "airflow_dag_processor_replicas": 2, "airflow_dag_processor_pdb": True},
                    {"scheduler": ("StatefulSet", 3), "api-server": ("Deployment", 1), "triggerer": ("Deployment", 1),
                     "dag-processor": ("Deployment", 2)},
                    {"scheduler": 1, "dag-processor": 1}),
}
# The workloads that are not Airflow components the settings reach (the chart's own).
OTHERS = {"statsd", "redis", "flower", "pgbouncer"}


@pytest.fixture(scope="module")
def helm():
    return real_helm(AIRFLOW_ARCHIVE)


def _role_gives(settings, tmp_path):
    given = dict({"out_dir": str(tmp_path), "airflow_db_password": "p", "airflow_redis_password": "r",
                  "airflow_secrets_dir": str(tmp_path / "secrets")}, **settings)
    cmd = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", "localhost,", "-c", "local",
           "-e", "ansible_python_interpreter=" + sys.executable, "-e", json.dumps(given), PLAYBOOK]
    proc = subprocess.run(cmd, cwd=ROOT, env=dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg")),
                          capture_output=True, text=True, check=False, timeout=300)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    return json.loads((tmp_path / "ha.json").read_text(encoding="utf-8"))


def _render(helm, values, tmp_path):
    path = tmp_path / "values.yaml"
    path.write_text(yaml.safe_dump(values), encoding="utf-8")
    proc = subprocess.run([helm, "install", "airflow", AIRFLOW_ARCHIVE, "-n", "airflow", "-f", str(path), "--dry-run=client"],
                          capture_output=True, text=True, check=False, timeout=300,
                          env=dict(os.environ, HELM_CACHE_HOME=str(tmp_path / "cache"),
                                   HELM_CONFIG_HOME=str(tmp_path / "config"), HELM_DATA_HOME=str(tmp_path / "data")))
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "warn" not in proc.stderr.lower(), proc.stderr
    manifest, _sep, notes = proc.stdout.split("\nMANIFEST:\n", 1)[1].partition("\nNOTES:\n")
    # No deprecated key (the release notes name them: workers.replicas for workers.celery.replicas, ...).
    assert "DEPRECAT" not in notes.upper(), notes
    return [doc for doc in yaml.safe_load_all(manifest) if doc]


def _unknown_paths(emitted, defaults, prefix=""):
    """Key paths of emitted that the chart's values.yaml lacks (config, airflow.cfg, is free-form)."""
    unknown = []
    for key, value in emitted.items():
        if prefix + key == "config":
            continue
        if not isinstance(defaults, dict) or key not in defaults:
            unknown.append(prefix + key)
        elif isinstance(value, dict) and isinstance(defaults[key], dict) and defaults[key]:
            unknown.extend(_unknown_paths(value, defaults[key], prefix + key + "."))
    return unknown


@pytest.mark.parametrize("name", list(CASES))
def test_each_component_runs_the_pods_asked_for_behind_its_budget(helm, name, tmp_path):
    settings, workloads, budgets = CASES[name]
    mine = _role_gives(settings, tmp_path)
    values = mine["values"]
    with open(os.path.join(AIRFLOW_CHART, "values.schema.json"), encoding="utf-8") as handle:
        jsonschema.Draft7Validator(json.load(handle)).validate(values)
    with open(os.path.join(AIRFLOW_CHART, "values.yaml"), encoding="utf-8") as handle:
        assert _unknown_paths(values, yaml.safe_load(handle)) == []
    if not settings:
        # The values themselves are those of before: no replicas and no budget anywhere.
        text = json.dumps(values)
        assert '"replicas"' not in text and "podDisruptionBudget" not in text and "dagProcessor" not in text, text

    docs = _render(helm, values, tmp_path)
    pods = {}
    for doc in docs:
        if doc["kind"] in ("Deployment", "StatefulSet"):
            labels = doc["spec"]["template"]["metadata"]["labels"]
            pods[labels["component"]] = (doc["kind"], doc["spec"]["replicas"], labels)
    assert {c: (kind, replicas) for c, (kind, replicas, _labels) in pods.items() if c not in OTHERS} == workloads

    found = {}
    for doc in docs:
        if doc["kind"] != "PodDisruptionBudget":
            continue
        selector = doc["spec"]["selector"]["matchLabels"]
        component = selector.get("component")
        assert selector == {"tier": "airflow", "component": component, "release": "airflow"}, doc
        assert "minAvailable" not in doc["spec"], doc
        found[component] = doc["spec"]["maxUnavailable"]
        # It selects that component's pods, and no other workload's.
        chosen = [c for c, (_kind, _replicas, labels) in pods.items() if all(labels.get(k) == v for k, v in selector.items())]
        assert chosen == [component], (doc["metadata"]["name"], chosen)
    assert found == budgets

    # The rights the role checks on an existing cluster cover what the chart creates (the budgets' policy group too).
    granted = {(r.get("group", ""), r["resource"]) for r in mine["access"] if "create" in r["verbs"]}
    for doc in docs:
        kind = doc["kind"].lower()
        plural = kind[:-1] + "ies" if kind.endswith("y") else kind + ("es" if kind.endswith("s") else "s")
        if doc["kind"] not in ("ClusterRole", "ClusterRoleBinding"):
            assert (doc["apiVersion"].rpartition("/")[0], plural) in granted, doc["kind"]
