"""The real Airflow chart (LAB_CHARTS_DIR/airflow-1.22.0.tgz), rendered by the real helm (LAB_HELM, from
tests/harness/helm.sh) with what the airflow, spark_operator and volumes roles give the cluster, for every
executor and combination, Airflow 2.11 and 3, two release names (one without "airflow"), two namespaces
and a password made of reserved characters. On the rendered manifests:
  - every secretKeyRef resolves to a Secret and key that the chart or the role creates;
  - every claim a pod mounts is one the volumes role creates, in the release's namespace, and every pod that
    runs tasks mounts the data claim;
  - each host folder reaches Airflow through one chain (minikube mount -> node folder -> volume -> claim), and
    the example DAGs shipped into the dags folder submit into the namespace the Spark RBAC covers and mount the
    data folder;
  - the service accounts that run tasks are subjects of the Spark RoleBinding, with the verbs
    SparkKubernetesOperator needs;
  - the connection strings parse back to the inputs (SQLAlchemy, kombu);
  - a user's airflow_extra_config key and the course's tuning both reach airflow.cfg;
  - helm prints no warning and the release notes no deprecation.
"""
import ast
import configparser
import json
import os
import subprocess

from conftest import real_helm, render_cases

import pytest
import yaml
from kombu.utils.url import parse_url
from sqlalchemy.engine import make_url

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHARTS = os.environ.get("LAB_CHARTS_DIR", os.path.join(ROOT, "..", "shared", "charts"))
AIRFLOW_ARCHIVE = os.path.join(CHARTS, "airflow-1.22.0.tgz")
PASSWORD = "p@ss:w/rd?#%[]+ &'\"é"
EXECUTORS = {
    "3.2.2": ["LocalExecutor", "CeleryExecutor", "KubernetesExecutor", "CeleryExecutor,KubernetesExecutor",
              "LocalExecutor,KubernetesExecutor"],
    "2.11.0": ["LocalExecutor", "CeleryExecutor", "KubernetesExecutor", "CeleryKubernetesExecutor",
               "LocalKubernetesExecutor"],
}
CASES = [
    dict(name="{0}-{1}-{2}-{3}".format(version, executor.replace(",", "+"), release, namespace), version=version,
         executor=executor, release=release, namespace=namespace, password=PASSWORD, user="air@flow:user",
         extra_config={"core": {"default_timezone": "Europe/Paris"}, "celery": {"operation_timeout": 3}})
    for version, executors in EXECUTORS.items() for executor in executors
    for release, namespace in (("airflow", "airflow"), ("lab", "data-eng"))
]
for _case in CASES:
    if _case["release"] == "lab":
        _case["lab_dir"] = "/srv/course/lab"
        _case["job_namespace"] = "spark-jobs"
        # A school proxy whose password holds reserved characters, percent-encoded as lab_proxy asks.
        _case["proxy"] = {"http": "http://lab:p%40ss%3A%25@proxy.school.example:3128",
                          "https": "http://lab:p%40ss%3A%25@proxy.school.example:3128", "no_proxy": ".school.example"}
# What SparkKubernetesOperator calls (cncf.kubernetes provider, operators/spark_kubernetes.py and the
# KubernetesPodOperator it extends).
NEEDED = {
    ("sparkoperator.k8s.io", "sparkapplications"): {"create", "get", "list", "watch", "delete"},
    ("", "pods"): {"get", "list", "watch", "patch"},
    ("", "pods/log"): {"get"},
    ("", "events"): {"list"},
}


@pytest.fixture(scope="module")
def helm():
    return real_helm(AIRFLOW_ARCHIVE)


@pytest.fixture(scope="module")
def given(tmp_path_factory):
    return render_cases(tmp_path_factory.mktemp("render"), "chart_render.yml", CASES)


def _render(helm, case, values, tmp_path):
    path = tmp_path / "values.yaml"
    path.write_text(yaml.safe_dump(values), encoding="utf-8")
    proc = subprocess.run([helm, "install", case["release"], AIRFLOW_ARCHIVE, "-n", case["namespace"], "-f", str(path),
                           "--dry-run=client"], capture_output=True, text=True, check=False, timeout=300,
                          env=dict(os.environ, HELM_CACHE_HOME=str(tmp_path / "cache"),
                                   HELM_CONFIG_HOME=str(tmp_path / "config"), HELM_DATA_HOME=str(tmp_path / "data")))
    assert proc.returncode == 0, proc.stderr[-3000:]
    manifest = proc.stdout.split("\nMANIFEST:\n", 1)[1].split("\nNOTES:\n", 1)
    docs = [doc for doc in yaml.safe_load_all(manifest[0]) if doc]
    return docs, manifest[1] if len(manifest) > 1 else "", proc.stderr


def _walk(node, found):
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("secretKeyRef", "persistentVolumeClaim", "serviceAccountName"):
                found.setdefault(key, []).append(value)
            _walk(value, found)
    elif isinstance(node, list):
        for value in node:
            _walk(value, found)
    return found


def _pods(docs, executor):
    """The pod specs of the rendered manifests by component, and the components whose pods run tasks."""
    by_component = {}
    for doc in docs:
        if doc["kind"] in ("Deployment", "StatefulSet"):
            by_component[doc["spec"]["template"]["metadata"]["labels"].get("component")] = doc["spec"]["template"]["spec"]
    if "Kubernetes" in executor:
        template = next(d for d in docs if d["kind"] == "ConfigMap" and "pod_template_file.yaml" in d.get("data", {}))
        by_component["task-pod"] = yaml.safe_load(template["data"]["pod_template_file.yaml"])["spec"]
    runners = (["scheduler"] if "Local" in executor else []) + (["worker"] if "Celery" in executor else []) + (
        ["task-pod"] if "Kubernetes" in executor else [])
    return by_component, runners


def _task_accounts(docs, executor):
    """The service accounts of the pods that run tasks (and of the triggerer, which runs deferred sensors)."""
    by_component, runners = _pods(docs, executor)
    return {by_component[name]["serviceAccountName"] for name in runners + ["triggerer"]}


def _mounted_claims(spec):
    """{mountPath: claimName} of a pod spec's containers."""
    claims = {v["name"]: v["persistentVolumeClaim"]["claimName"] for v in spec.get("volumes") or []
              if "persistentVolumeClaim" in v}
    return {m["mountPath"]: claims.get(m["name"]) for c in spec["containers"] for m in c.get("volumeMounts") or []}


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_the_chart_gets_everything_it_references(helm, given, case, tmp_path):
    mine = given[case["name"]]
    docs, notes, stderr = _render(helm, case, mine["values"], tmp_path)
    problems = {}
    if "warn" in stderr.lower():
        problems["helm warns"] = stderr
    if "DEPRECAT" in notes.upper():
        problems["deprecated values"] = [line.strip() for line in notes.splitlines() if "`" in line and "DEPRECAT" not in line]

    secrets = {doc["metadata"]["name"]: set(doc.get("data") or {}) | set(doc.get("stringData") or {})
               for doc in docs if doc["kind"] == "Secret"}
    for secret in mine["secrets"]:
        secrets.setdefault(secret["name"], set()).update(secret["data"])
    found = {}
    for doc in docs:
        _walk(doc, found)
    missing = [ref for ref in found.get("secretKeyRef", [])
               if ref["key"] not in secrets.get(ref["name"], set()) and not ref.get("optional")]
    if missing:
        problems["secretKeyRefs without their Secret"] = missing

    claims = {ref["claimName"] for ref in found.get("persistentVolumeClaim", [])}
    if not claims <= set(mine["claims"]["names"]) or mine["claims"]["namespace"] != case["namespace"]:
        problems["claims the pods mount but the volumes role does not create in " + case["namespace"]] = [
            sorted(claims - set(mine["claims"]["names"])), mine["claims"]["namespace"]]
    by_component, runners = _pods(docs, case["executor"])
    without_data = [name for name in runners if _mounted_claims(by_component[name]).get(
        mine["airflow"]["data_mount_path"]) != mine["airflow"]["data_claim"]]
    if without_data:
        problems["pods that run tasks without the data claim at " + mine["airflow"]["data_mount_path"]] = without_data

    role, binding = mine["rbac"]
    subjects = {(s["name"], s["namespace"]) for s in binding["subjects"]}
    unbound = {(a, case["namespace"]) for a in _task_accounts(docs, case["executor"])} - subjects
    if unbound:
        problems["task service accounts not bound"] = sorted(unbound)
    granted = {}
    for rule in role["rules"]:
        for group in rule["apiGroups"]:
            for resource in rule["resources"]:
                granted.setdefault((group, resource), set()).update(rule["verbs"])
    lacking = {"/".join(key): sorted(verbs - granted.get(key, set()))
               for key, verbs in NEEDED.items() if verbs - granted.get(key, set())}
    if lacking:
        problems["verbs missing"] = lacking
    assert claims
    assert problems == {}, json.dumps(problems, indent=1, default=sorted)


@pytest.mark.parametrize("case", [c for c in CASES if "proxy" in c], ids=[c["name"] for c in CASES if "proxy" in c])
def test_every_airflow_container_gets_the_proxy_and_reaches_the_cluster_directly(helm, given, case, tmp_path):
    docs = _render(helm, case, given[case["name"]]["values"], tmp_path)[0]
    by_component, runners = _pods(docs, case["executor"])
    wanted = {"HTTP_PROXY": case["proxy"]["http"], "HTTPS_PROXY": case["proxy"]["https"]}
    lacking = {}
    # The main container of each (the sidecars, such as the log groomer, fetch nothing).
    for component in ["scheduler", "triggerer"] + runners:
        for container in by_component[component]["containers"][:1]:
            env = {e["name"]: e.get("value") for e in container.get("env") or []}
            direct = set((env.get("NO_PROXY") or "").split(","))
            needed = {".school.example", "localhost", "127.0.0.1", "192.168.49.0/24", "10.96.0.0/12", "10.244.0.0/16",
                      "host.minikube.internal", ".svc", ".cluster.local"}
            if {k: env.get(k) for k in wanted} != wanted or not needed <= direct:
                where = "{0}/{1}".format(component, container["name"])
                lacking[where] = [env.get("HTTPS_PROXY"), sorted(needed - direct)]
    assert lacking == {}
    # The password's reserved characters reach the pods as the user wrote them (percent-encoded, once).
    assert "p%2540ss" not in json.dumps(docs)


@pytest.mark.parametrize("case", [c for c in CASES if c["release"] == "airflow"],
                         ids=[c["name"] for c in CASES if c["release"] == "airflow"])
def test_the_images_a_release_runs_are_read_from_its_rendered_manifests(helm, given, case, tmp_path):
    from ansible_collections.dataeng.airflow_lab.plugins.module_utils._chart_images import chart_images
    docs = _render(helm, case, given[case["name"]]["values"], tmp_path)[0]
    images = chart_images(yaml.safe_dump_all(docs), lambda text: [d for d in yaml.safe_load_all(text) if d])
    expected = {"apache/airflow:" + case["version"]}
    if "Celery" in case["executor"]:
        expected |= {i for i in images if "statsd" in i or "redis" in i}  # whatever else the chart adds, named
    assert expected <= set(images)
    assert all(":" in image.rsplit("/", 1)[-1] or "@" in image for image in images), images
    # Every image the pods run, the pod template's included: nothing is left to a hand list.
    by_component, runners = _pods(docs, case["executor"])
    running = {c["image"] for spec in by_component.values() for key in ("containers", "initContainers")
               for c in spec.get(key) or []}
    assert running <= set(images)


@pytest.mark.parametrize("case", CASES[:4], ids=[c["name"] for c in CASES[:4]])
def test_connection_strings_parse_back_and_the_config_merges(helm, given, case, tmp_path):
    mine = given[case["name"]]
    by_name = {secret["name"]: secret["data"] for secret in mine["secrets"]}
    metadata = make_url(by_name[case["release"] + "-lab-metadata"]["connection"])
    assert (metadata.username, metadata.password, metadata.database) == (case["user"], case["password"], "airflow_db")
    if "Celery" in case["executor"]:
        broker = parse_url(by_name[case["release"] + "-lab-broker"]["connection"])
        assert (broker["password"], broker["virtual_host"]) == (case["password"], "0")
        assert by_name[case["release"] + "-lab-flower-auth"]["basicAuth"].startswith("admin:")
    assert case["password"] not in json.dumps(mine["values"])

    docs = _render(helm, case, mine["values"], tmp_path)[0]
    config = next(d for d in docs if d["kind"] == "ConfigMap" and "airflow.cfg" in d.get("data", {}))
    cfg = configparser.ConfigParser(interpolation=None)
    cfg.read_string(config["data"]["airflow.cfg"])
    assert cfg["core"]["default_timezone"] == "Europe/Paris"
    assert cfg["core"]["parallelism"] == "32" and cfg["core"]["max_active_runs_per_dag"] == "16"
    if "Celery" in case["executor"]:
        assert cfg["celery"]["operation_timeout"] == "3" and cfg["celery"]["worker_concurrency"] == "4"


@pytest.mark.parametrize("case", [CASES[0], CASES[3]], ids=[CASES[0]["name"], CASES[3]["name"]])
def test_each_host_folder_reaches_airflow_and_spark_through_one_chain(helm, given, case, tmp_path):
    mine = given[case["name"]]
    lab_dir = case.get("lab_dir", "/home/student/airflow-lab-data")
    node_of = {m["src"]: m["dest"] for m in mine["mounts"]}
    claim_at = {v["path"]: v["claim"] for v in mine["volumes"]}
    chain = {name: claim_at.get(node_of.get(lab_dir + "/" + name)) for name in ("dags", "logs", "data")}
    assert chain == {"dags": mine["airflow"]["dags_claim"], "logs": mine["airflow"]["logs_claim"],
                     "data": mine["airflow"]["data_claim"]}
    assert mine["dags_dir"] == lab_dir + "/dags"

    docs = _render(helm, case, mine["values"], tmp_path)[0]
    by_component, runners = _pods(docs, case["executor"])
    for name in runners:
        assert _mounted_claims(by_component[name]).get("/opt/airflow/dags") == mine["airflow"]["dags_claim"], name

    role, binding = mine["rbac"]
    application = yaml.safe_load(mine["dags"]["spark_pi.yaml"])
    assert application["metadata"]["namespace"] == role["metadata"]["namespace"] == binding["metadata"]["namespace"]
    assert application["metadata"]["name"] == "spark-pi-{{ ts_nodash | lower }}"
    assert application["spec"]["driver"]["serviceAccount"] == "spark"
    host_paths = {v["name"]: v["hostPath"]["path"] for v in application["spec"]["volumes"]}
    for pod in ("driver", "executor"):
        mount = application["spec"][pod]["volumeMounts"][0]
        assert host_paths[mount["name"]] == node_of[lab_dir + "/data"], pod

    module = ast.parse(mine["dags"]["spark_pi_dag.py"])
    constants = {node.targets[0].id: node.value.value for node in module.body
                 if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)}
    assert constants["NAMESPACE"] == role["metadata"]["namespace"]
    assert constants["APPLICATION"] == application["metadata"]["name"]
