"""GitOps mode (lab_gitops argocd) and the way back to Helm (lab_gitops none).
- Argo CD's chart rendered with the real helm from the gitops role's values: the UI on its NodePort (plain HTTP), no
  Dex, no notifications, the Application CRD; a repository Secret, labelled for Argo CD, for every repository an
  Application fetches from.
- Every Application carries what the role would have given Helm: the same chart, version, release name, namespace and
  values (the role's release.yml passes the same expressions to both, and the rendered values are equal); no credential
  in any of them (Airflow's admin password reaches its Job from a Secret).
- Argo CD renders each chart again on every refresh: each app's chart rendered twice from its Application's values gives
  the same objects (a generated value would keep it OutOfSync and restart pods).
- The handback against the fake API server: check mode writes nothing; the lab's Applications stop syncing and lose
  their finalizer before they are deleted (the fake keeps an Application that still has one), another Application,
  the claims and the Secrets are untouched; a rerun changes nothing.
- Bad input stops before any change with a message naming the variable.
"""
import json
import os
import subprocess
import sys
import threading

import pytest
import yaml

from conftest import PLAYBOOKS, ROOT, apps_layer_refuses, put_helm_on_path, real_helm, runner, start_server

CHARTS = os.environ.get("LAB_CHARTS_DIR", os.path.join(ROOT, "..", "shared", "charts"))
ARGOCD = os.path.join(CHARTS, "argo-cd-10.1.1")
# What Argo CD would fetch for each Application (its chart and targetRevision), from the charts folder.
LOCAL_CHARTS = {("airflow", "1.22.0"): os.path.join(CHARTS, "airflow-1.22.0.tgz"),
                ("spark-operator", "2.5.2"): os.path.join(CHARTS, "spark-operator-2.5.2"),
                ("seaweedfs", "4.44.0"): os.path.join(CHARTS, "seaweedfs-4.44.0")}
APPS = ("object_store", "airflow", "spark_operator")


@pytest.fixture(scope="module")
def helm():
    return real_helm(ARGOCD, *LOCAL_CHARTS.values())


@pytest.fixture(scope="module")
def given(tmp_path_factory):
    out = tmp_path_factory.mktemp("gitops")
    settings = {"out_dir": str(out), "lab_user": "student", "lab_secrets_dir": str(out / "secrets"),
                "airflow_db_password": "x", "airflow_redis_password": "y"}
    controller = os.environ.get("LAB_CONTROLLER_BIN") or os.path.dirname(sys.executable)
    proc = subprocess.run([os.path.join(controller, "ansible-playbook"), "-i", "localhost,", "-c", "local",
                           "-e", "ansible_python_interpreter=" + sys.executable, "-e", json.dumps(settings),
                           os.path.join(PLAYBOOKS, "gitops_render.yml")], cwd=ROOT, capture_output=True, text=True,
                          check=False, timeout=300, env=dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg")))
    assert proc.returncode == 0, proc.stdout[-4000:]
    with open(os.path.join(str(out), "gitops.json"), encoding="utf-8") as handle:
        return json.load(handle)


def template(helm, chart, release, namespace, values, tmp_path, *args):
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / (release + "-values.yaml")
    path.write_text(yaml.safe_dump(values), encoding="utf-8")
    proc = subprocess.run([helm, "template", release, chart, "-n", namespace, "-f", str(path)] + list(args),
                          capture_output=True, text=True, check=False, timeout=300,
                          env=dict(os.environ, HELM_CACHE_HOME=str(tmp_path / "cache"), HELM_CONFIG_HOME=str(tmp_path / "config"),
                                   HELM_DATA_HOME=str(tmp_path / "data")))
    assert proc.returncode == 0, proc.stderr[-3000:]
    return [doc for doc in yaml.safe_load_all(proc.stdout) if doc]


def test_argo_cd_renders_as_the_lab_wants_it(helm, given, tmp_path):
    docs = template(helm, ARGOCD, given["release"], given["namespace"], given["argocd_values"], tmp_path)
    kinds = {(d["kind"], d["metadata"]["name"]) for d in docs}
    server = next(d for d in docs if d["kind"] == "Service" and d["metadata"]["name"] == given["release"] + "-server")
    assert server["spec"]["type"] == "NodePort"
    assert {p["name"]: p.get("nodePort") for p in server["spec"]["ports"]}["http"] == given["node_port"]
    workloads = sorted(name for kind, name in kinds if kind in ("Deployment", "StatefulSet"))
    assert not [name for name in workloads if "dex" in name or "notifications" in name], workloads
    assert ("CustomResourceDefinition", "applications.argoproj.io") in kinds
    params = next(d for d in docs if d["kind"] == "ConfigMap" and d["metadata"]["name"] == "argocd-cmd-params-cm")
    assert params["data"]["server.insecure"] == "true"
    # Every container sized for a small node.
    for doc in docs:
        if doc["kind"] in ("Deployment", "StatefulSet"):
            for container in doc["spec"]["template"]["spec"]["containers"]:
                assert container.get("resources", {}).get("requests"), (doc["metadata"]["name"], container["name"])

    # The repositories the Applications fetch from, each with its Secret labelled for Argo CD, in Argo CD's namespace.
    secrets = {s["stringData"]["url"]: s for s in given["repository_secrets"]}
    for app in given["applications"].values():
        secret = secrets[app["spec"]["source"]["repoURL"]]
        assert secret["metadata"]["labels"]["argocd.argoproj.io/secret-type"] == "repository"
        assert secret["metadata"]["namespace"] == given["namespace"] and secret["stringData"]["type"] == "helm"


def _task(tasks, predicate):
    for task in tasks:
        for inner in [task] + task.get("block", []) + task.get("rescue", []):
            for deeper in [inner] + inner.get("block", []):
                if predicate(deeper):
                    return deeper
    raise AssertionError("no such task")


@pytest.mark.parametrize("role", APPS)
def test_each_application_carries_what_the_role_gives_helm(given, role):
    # The role's release.yml: the Application gets the same expressions as the helm task.
    with open(os.path.join(ROOT, "roles", role, "tasks", "release.yml"), encoding="utf-8") as handle:
        tasks = yaml.safe_load(handle)
    helm = _task(tasks, lambda t: "kubernetes.core.helm" in t)["kubernetes.core.helm"]
    app = _task(tasks, lambda t: t.get("ansible.builtin.include_role", {}).get("tasks_from") == "application")["vars"]["__gitops_app"]
    assert (app["name"], app["namespace"], app["release_values"]) == (helm["name"], helm["release_namespace"], helm["release_values"])
    assert app["chart_ref"].strip("{} ") in helm["chart_ref"] and app["version"].strip("{} ") in helm["chart_version"]
    # The handback: helm takes the objects over only for a release Argo CD had.
    assert helm["take_ownership"] == "{{ true if " + helm["name"].strip("{} ") + " in __gitops_handback | default([]) else omit }}"

    # The rendered Application: the values the role gives Helm, the chart from its repository.
    mine, application = given["helm"][role], given["applications"][role]
    spec = application["spec"]
    assert spec["source"]["helm"]["valuesObject"] == given["helm_values"][role]
    assert spec["source"]["helm"]["releaseName"] == mine["name"] == application["metadata"]["name"]
    assert spec["source"]["repoURL"] == given["repositories"][mine["chart_ref"].split("/")[0]]
    assert (spec["source"]["chart"], spec["source"]["targetRevision"]) == (mine["chart_ref"].split("/")[1], mine["version"])
    assert spec["destination"] == {"server": "https://kubernetes.default.svc", "namespace": mine["namespace"]}
    assert application["metadata"]["namespace"] == given["namespace"]
    assert application["metadata"]["finalizers"] == ["resources-finalizer.argocd.argoproj.io"]
    assert spec["syncPolicy"]["automated"] == {"prune": True, "selfHeal": True}
    # No credential in an Application (Argo CD shows them): Airflow's admin password comes from a Secret the role writes.
    assert given["admin_password"] not in json.dumps(given["applications"])


def test_airflow_admin_password_reaches_its_job_from_a_secret(given):
    job = given["applications"]["airflow"]["spec"]["source"]["helm"]["valuesObject"]["createUserJob"]
    ref = job["env"][0]["valueFrom"]["secretKeyRef"]
    assert ref == {"name": given["admin_secret"], "key": "password"} and given["admin_secret"] in given["airflow_secrets"]
    assert job["args"][-2:] == ["-p", "$(" + job["env"][0]["name"] + ")"]


@pytest.mark.parametrize("role", APPS)
def test_argo_cd_renders_each_application_the_same_every_time(helm, given, role, tmp_path):
    source = given["applications"][role]["spec"]["source"]
    chart = LOCAL_CHARTS[(source["chart"], source["targetRevision"])]
    namespace = given["applications"][role]["spec"]["destination"]["namespace"]
    first = template(helm, chart, source["helm"]["releaseName"], namespace, source["helm"]["valuesObject"], tmp_path / "1",
                     "--include-crds")
    second = template(helm, chart, source["helm"]["releaseName"], namespace, source["helm"]["valuesObject"], tmp_path / "2",
                      "--include-crds")
    assert first and len(first) == len(second)
    # Argo CD runs what carries helm.sh/hook (or its own hook annotation) as a hook and leaves it out of the comparison; what it compares (and
    # the pods) must not change, and must not use a hook's object that does (SeaweedFS's sftp Secret, whose passwords
    # Helm keeps through lookup, is made anew: nothing of the lab's uses it).
    hooks = {(d["kind"], d["metadata"]["name"]) for d in first
             if {"helm.sh/hook", "argocd.argoproj.io/hook"} & set(d["metadata"].get("annotations") or {})}
    # A Job Kubernetes deletes after its TTL must be a hook: tracked, it would be missing then, and Argo CD would find the
    # Application OutOfSync and run it again every few minutes.
    assert [d["metadata"]["name"] for d in first if d["kind"] == "Job" and d["spec"].get("ttlSecondsAfterFinished") is not None
            and ("Job", d["metadata"]["name"]) not in hooks] == []
    changing = {(a["kind"], a["metadata"]["name"]) for a, b in zip(first, second) if a != b}
    assert changing - hooks == set()
    tracked = json.dumps([d for d in first if (d["kind"], d["metadata"]["name"]) not in hooks])
    assert [name for _kind, name in changing if '"' + name + '"' in tracked] == []


@pytest.fixture
def cluster(tmp_path):
    server = start_server(tmp_path, extra=("secrets", "applications"))
    yield server
    server.stop()


def _application(name, labels):
    return {"apiVersion": "argoproj.io/v1alpha1", "kind": "Application",
            "metadata": {"name": name, "labels": labels, "finalizers": ["resources-finalizer.argocd.argoproj.io"]},
            "spec": {"project": "default", "source": {"chart": name, "targetRevision": "1.0.0"},
                     "destination": {"namespace": name},
                     "syncPolicy": {"automated": {"prune": True, "selfHeal": True}}}}


def test_switching_argo_cd_off_hands_the_releases_back_without_losing_anything(cluster, tmp_path, monkeypatch):
    put_helm_on_path(monkeypatch, "3")
    api = cluster.cluster
    for namespace in ("cicd", "airflow"):
        api.create("namespaces", None, {"metadata": {"name": namespace}})
    lab = {"app.kubernetes.io/part-of": "airflow-lab"}
    for name in ("seaweedfs", "airflow", "spark-operator"):
        api.create("applications", "cicd", _application(name, lab))
    api.create("applications", "cicd", _application("team-app", {"team": "data"}))
    api.create("persistentvolumeclaims", "airflow", {"metadata": {"name": "airflow-logs-claim"},
                                                     "spec": {"accessModes": ["ReadWriteMany"],
                                                              "resources": {"requests": {"storage": "1Gi"}}}})
    api.create("secrets", "airflow", {"metadata": {"name": "airflow-lab-admin"}, "data": {"password": "cA=="}})
    kept = {key: json.dumps(api.objects[key], sort_keys=True) for key in api.objects if key[0] != "applications"}

    run = runner(cluster, tmp_path)
    settings = {"out_dir": str(tmp_path), "lab_user": "student", "lab_k8s_python": sys.executable,
                "lab_secrets_dir": str(tmp_path / "secrets"), "gitops_kube_user": "root",
                "gitops_kubeconfig": cluster.kubeconfig, "gitops_kube_context": "fake",
                "ansible_become_method": "ansible.builtin.su"}
    dry = run("gitops_handback.yml", "--check", **settings)
    assert dry.rc == 0, dry
    assert api.writes == []

    first = run("gitops_handback.yml", **settings)
    assert first.rc == 0, first
    assert sorted(json.loads((tmp_path / "handback.json").read_text())) == ["airflow", "seaweedfs", "spark-operator"], first
    left = {name for (plural, _ns, name) in api.objects if plural == "applications"}
    assert left == {"team-app"}, [api.objects[k] for k in api.objects if k[0] == "applications"]
    # Each went with no finalizer left (else the API would only have marked it) and without syncing: patched, then deleted.
    writes = [(method, path.rsplit("/", 1)[1]) for method, path in api.writes if "/applications/" in path]
    for name in ("seaweedfs", "airflow", "spark-operator"):
        assert writes.index(("PATCH", name)) < writes.index(("DELETE", name)), writes
    other = api.get("applications", "cicd", "team-app")
    assert other["metadata"]["finalizers"] and other["spec"]["syncPolicy"]
    assert {key: json.dumps(api.objects[key], sort_keys=True) for key in kept} == kept

    again = run("gitops_handback.yml", **settings)
    assert again.rc == 0 and again.changed == 0, again
    assert json.loads((tmp_path / "handback.json").read_text()) == []


def test_a_role_hands_its_release_to_argo_cd_and_waits_for_it(cluster, tmp_path):
    api = cluster.cluster
    for namespace in ("cicd", "storage"):
        api.create("namespaces", None, {"metadata": {"name": namespace}})
    helm_record = {"owner": "helm", "name": "seaweedfs", "status": "deployed", "version": "1"}
    api.create("secrets", "storage", {"metadata": {"name": "sh.helm.release.v1.seaweedfs.v1", "labels": helm_record}})
    api.create("secrets", "storage", {"metadata": {"name": "sh.helm.release.v1.other.v1", "labels": dict(helm_record, name="other")}})
    api.create("secrets", "storage", {"metadata": {"name": "lab-s3-credentials"}, "data": {"AWS_ACCESS_KEY_ID": "QQ=="}})

    # Argo CD, as far as the role can tell: it reports a new Application synced and healthy a moment later.
    stop = threading.Event()

    def argo_cd():
        while not stop.wait(0.5):
            with api.lock:
                for key, app in list(api.objects.items()):
                    if key[0] == "applications" and "sync" not in app.get("status", {}):
                        app["status"] = {"sync": {"status": "Synced"}, "health": {"status": "Healthy"}}
    thread = threading.Thread(target=argo_cd, daemon=True)
    thread.start()
    run = runner(cluster, tmp_path)
    settings = {"lab_user": "student", "lab_k8s_python": sys.executable, "lab_secrets_dir": str(tmp_path / "secrets")}
    try:
        first = run("gitops_application.yml", **settings)
        again = run("gitops_application.yml", **settings)
    finally:
        stop.set()
        thread.join()
    assert first.rc == 0, first
    app = api.get("applications", "cicd", "seaweedfs")
    assert app["spec"]["source"]["helm"]["valuesObject"]["s3"]["credentials"]["admin"]["existingSecret"] == "lab-s3-credentials"
    assert app["spec"]["destination"]["namespace"] == "storage"
    # Helm forgot its record of this release only; the objects (and the other release's record) stay.
    secrets = {name for (plural, ns, name) in api.objects if plural == "secrets" and ns == "storage"}
    assert secrets == {"sh.helm.release.v1.other.v1", "lab-s3-credentials"}
    waited = [h for p in first.doc["plays"] for t in p["tasks"] for h in t["hosts"].values()
              if t["task"]["name"].endswith("Wait until Argo CD has synced the Application and it is healthy")]
    assert len(waited) == 1 and not waited[0].get("skipped") and waited[0]["resources"][0]["status"]["health"]["status"] == "Healthy"
    assert again.rc == 0 and again.changed == 0, again


BAD = [
    ({"lab_gitops": "argocd", "lab_offline": True}, "gitops role input", ["lab_gitops argocd needs the chart repositories"]),
    ({"lab_gitops": "argocd", "airflow_chart_ref": "mirror/airflow"}, "airflow role input",
     ["airflow_chart_ref must start with the name of a repository of lab_chart_repositories", '"mirror/airflow"']),
    ({"lab_gitops": "argocd", "gitops_node_port": 8080}, "gitops role input", ["gitops_node_port must be a node port", '"8080"']),
    ({"lab_gitops": "flux"}, "lab_gitops", ["argocd"]),
]


@pytest.mark.parametrize("bad, subject, expected", BAD, ids=["offline", "chart-ref", "node-port", "mode"])
def test_bad_input_stops_the_apps_layer_before_any_change(cluster, tmp_path, bad, subject, expected):
    apps_layer_refuses(cluster, tmp_path, bad, subject, expected)
