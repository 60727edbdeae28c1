"""An existing, multi-node cluster (lab_cluster: existing), as playbooks/layers.yml drives it: the fake API server
with three nodes, a StorageClass whose provisioner makes a volume per claim, and SelfSubjectAccessReviews.

- The cluster layer (but helm, which would download) checks the kubeconfig's rights for every cluster role of the run, then the volumes role makes
  ReadWriteMany claims that the provisioner binds (pv_binding finds them right), or NFS volumes bound to their
  claims; a rerun changes nothing. Before it, the apps layer (Airflow and the Spark Operator) runs in check mode on
  the empty cluster with the real helm (v3.17.2) and changes nothing.
- A kubeconfig without the rights, a StorageClass the cluster lacks and bad inputs each stop the run before any
  change, with a message that names what is missing.
- The charts rendered for existing mode with the real helm: no hostPath anywhere, RWX claims, gitSync with the SSH
  key Secret the role creates (the key byte for byte), the Ingress for the host given.
"""
import json
import os
import subprocess
import sys

import pytest
import yaml

from conftest import PLAYBOOKS, ROOT, put_helm_on_path, real_helm, runner, start_server

CHARTS = os.environ.get("LAB_CHARTS_DIR", os.path.join(ROOT, "..", "shared", "charts"))
AIRFLOW_ARCHIVE = os.path.join(CHARTS, "airflow-1.22.0.tgz")
LAYERS = "../../../playbooks/layers.yml"
CLASS = "nfs-rwx"
# The kinds the charts create outside any namespace.
CLUSTER_KINDS = {"CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding", "MutatingWebhookConfiguration",
                 "ValidatingWebhookConfiguration", "Namespace", "PriorityClass", "StorageClass"}


@pytest.fixture
def cluster(tmp_path):
    server = start_server(tmp_path, extra=("selfsubjectaccessreviews", "nodes", "storageclasses", "secrets", "roles",
                                           "rolebindings"))
    for index in range(3):
        server.cluster.create("nodes", None, {"metadata": {"name": "node-{0}".format(index)},
                                              "spec": {"podCIDR": "10.244.{0}.0/24".format(index)}})
    server.cluster.create("storageclasses", None, {"metadata": {"name": CLASS}, "provisioner": "nfs.csi.k8s.io",
                                                   "volumeBindingMode": "Immediate"})
    yield server
    server.stop()


def settings(cluster, tmp_path, **more):
    given = {"lab_layers": ["cluster", "apps"], "lab_cluster": "existing", "lab_kubeconfig": cluster.kubeconfig,
             "lab_kube_context": "fake", "lab_k8s_python": sys.executable, "lab_secrets_dir": str(tmp_path / "secrets"),
             "lab_dir": str(tmp_path / "lab"), "volumes_storage_class": CLASS, "ansible_become_method": "ansible.builtin.su"}
    given.update(more)
    return given


def failed(run):
    """(task, message) of each failed task, a loop's failed items' messages after its own."""
    return [(t["task"]["name"], " | ".join([h.get("msg", "")] + [str(r.get("msg", "")) for r in h.get("results", []) if r.get("failed")]))
            for p in run.doc.get("plays", []) for t in p["tasks"] for h in t["hosts"].values() if h.get("failed")]


def test_the_cluster_layer_checks_the_rights_then_makes_claims_the_provisioner_binds(cluster, tmp_path, monkeypatch):
    run = runner(cluster, tmp_path)
    # First the apps layer in check mode, on the empty cluster, with the real helm: it asks, renders and changes
    # nothing (the namespaces it would make do not exist: the API refuses even a dry run in them).
    put_helm_on_path(monkeypatch, "3")
    apps = run(LAYERS, "--tags", "apps", "--check", **settings(
        cluster, tmp_path, airflow_db_password="p@ss:/w", airflow_redis_password="r%p", airflow_chart_archive=AIRFLOW_ARCHIVE,
        spark_operator_chart_archive=os.path.join(CHARTS, "spark-operator-2.5.2"), airflow_ingress_host="airflow.school.example",
        object_store_chart_archive=os.path.join(CHARTS, "seaweedfs-4.44.0")))
    assert apps.rc == 0, failed(apps) or apps
    assert apps.result("dataeng.airflow_lab.airflow : Install or upgrade the release")["changed"], apps
    assert apps.result("dataeng.airflow_lab.spark_operator : Install or upgrade the spark-operator release")["changed"], apps
    assert cluster.cluster.writes == []
    cluster.cluster.reviews.clear()

    first = run(LAYERS, "--tags", "cluster", "--skip-tags", "helm", **settings(cluster, tmp_path))
    assert first.rc == 0, failed(first) or first
    asked = {(r["verb"], r.get("group", ""), r["resource"], r.get("namespace")) for r in cluster.cluster.reviews}
    # One check for the cluster and apps roles of the run, before any change.
    for right in (("create", "", "persistentvolumeclaims", "airflow"), ("list", "storage.k8s.io", "storageclasses", None),
                  ("create", "", "secrets", "airflow"), ("create", "apps", "statefulsets", "airflow"),
                  ("create", "apiextensions.k8s.io", "customresourcedefinitions", None),
                  ("create", "sparkoperator.k8s.io", "sparkapplications", "processing")):
        assert right in asked, (right, sorted(asked))
    assert ("create", "", "persistentvolumes", None) not in asked
    claims = {c["metadata"]["name"]: c for c in cluster.cluster.find("persistentvolumeclaims", "airflow")}
    assert sorted(claims) == ["airflow-dags-claim", "airflow-data-claim", "airflow-logs-claim"]
    volumes = {v["metadata"]["name"]: v for v in cluster.cluster.find("persistentvolumes")}
    for claim in claims.values():
        assert claim["status"]["phase"] == "Bound" and claim["spec"]["accessModes"] == ["ReadWriteMany"], claim
        assert claim["spec"]["storageClassName"] == CLASS
        volume = volumes[claim["spec"]["volumeName"]]
        assert "hostPath" not in volume["spec"] and volume["metadata"]["name"].startswith("pvc-"), volume
    binding = first.result("dataeng.airflow_lab.volumes : Check, and repair, that every claim is bound to its own volume")
    assert binding["ok"] and [b["storage_class"] for b in binding["bindings"]] == [CLASS] * 3, binding
    # No minikube on an existing cluster: every task of the minikube role is skipped.
    minikube = [h for p in first.doc["plays"] for t in p["tasks"] if t["task"]["name"].startswith("dataeng.airflow_lab.minikube :")
                for h in t["hosts"].values()]
    assert minikube and all(h.get("skipped") for h in minikube), minikube

    again = run(LAYERS, "--tags", "cluster", "--skip-tags", "helm", **settings(cluster, tmp_path))
    assert again.rc == 0 and again.changed == 0, again


def test_a_kubeconfig_without_the_rights_is_refused_before_any_change(cluster, tmp_path):
    cluster.cluster.denied |= {("create", "", "persistentvolumeclaims", "airflow"),
                               ("create", "apiextensions.k8s.io", "customresourcedefinitions", None)}
    run = runner(cluster, tmp_path)(LAYERS, "--tags", "cluster", "--skip-tags", "helm", **settings(cluster, tmp_path))
    assert run.rc == 2, run
    (task, msg), = failed(run)
    assert task == "dataeng.airflow_lab.lab : Check that the kubeconfig reaches the cluster and may do all of it, before any change"
    assert "create persistentvolumeclaims in namespace airflow" in msg, msg
    assert "create customresourcedefinitions.apiextensions.k8s.io cluster-wide" in msg, msg
    assert "context fake" in msg, msg
    assert cluster.cluster.writes == []


def test_nfs_volumes_are_written_and_bound_each_to_its_claim(cluster, tmp_path):
    run = runner(cluster, tmp_path)(LAYERS, "--tags", "volumes", **settings(
        cluster, tmp_path, volumes_source="nfs", volumes_nfs_server="nfs.school.example", volumes_storage_class="manual"))
    assert run.rc == 0, run
    volumes = {v["metadata"]["name"]: v for v in cluster.cluster.find("persistentvolumes")}
    assert sorted(volumes) == ["airflow-dags-volume", "airflow-data-volume", "airflow-logs-volume"]
    for name, volume in volumes.items():
        part = name.split("-")[1]
        assert volume["spec"]["nfs"] == {"server": "nfs.school.example", "path": "/srv/airflow-lab/" + part}, volume
        assert "hostPath" not in volume["spec"] and volume["spec"]["accessModes"] == ["ReadWriteMany"]
        claim = cluster.cluster.get("persistentvolumeclaims", "airflow", "airflow-{0}-claim".format(part))
        assert claim["spec"]["volumeName"] == name and claim["status"]["phase"] == "Bound"


def test_teardown_keeps_the_claims_and_purge_removes_them_with_the_volumes_the_role_wrote(cluster, tmp_path):
    run = runner(cluster, tmp_path)
    nfs = {"volumes_source": "nfs", "volumes_nfs_server": "nfs.school.example", "volumes_storage_class": "manual"}
    made = run(LAYERS, "--tags", "volumes", **settings(cluster, tmp_path, **nfs))
    assert made.rc == 0, failed(made) or made
    kept = run("volumes_absent.yml", lab_cluster="existing", **nfs)
    assert kept.rc == 0 and kept.changed == 0, failed(kept) or kept
    assert len(cluster.cluster.find("persistentvolumeclaims", "airflow")) == 3
    purged = run("volumes_absent.yml", lab_cluster="existing", lab_purge=True, **nfs)
    assert purged.rc == 0, failed(purged) or purged
    assert cluster.cluster.find("persistentvolumeclaims", "airflow") == [] and cluster.cluster.find("persistentvolumes") == []
    assert cluster.cluster.get("namespaces", "", "airflow")


@pytest.mark.parametrize("extra, expected", [
    ({"volumes_storage_class": "fast-rwo"}, 'the cluster has no StorageClass "fast-rwo" (it has: nfs-rwx)'),
    ({"volumes_source": "hostPath"}, "volumes_source hostPath keeps the data on one node"),
    ({"volumes_source": "nfs"}, "volumes_source nfs needs volumes_nfs_server"),
    ({"airflow_dags_git_url": "https://git.school.example/dags.git", "airflow_dags_git_ssh_key_file": "KEY"},
     "airflow_dags_git_url must be an SSH URL"),
    ({"airflow_dags_git_url": "git@git.school.example:course/dags.git", "airflow_dags_git_ssh_key_file": "/nonexistent/id_ed25519"},
     'airflow_dags_git_ssh_key_file names no file on the controller: "/nonexistent/id_ed25519"'),
], ids=["missing-class", "hostpath", "nfs-without-server", "https-url-with-key", "missing-key"])
def test_bad_input_fails_before_any_change_naming_the_variable(cluster, tmp_path, extra, expected):
    key = tmp_path / "id_ed25519"
    key.write_text("-----BEGIN OPENSSH PRIVATE KEY-----\nkey\n-----END OPENSSH PRIVATE KEY-----\n", encoding="utf-8")
    extra = {k: (str(key) if v == "KEY" else v) for k, v in extra.items()}
    tags = "airflow" if any(k.startswith("airflow_") for k in extra) else "volumes"
    run = runner(cluster, tmp_path)(LAYERS, "--tags", tags, **settings(cluster, tmp_path, **extra))
    assert run.rc == 2, run
    # The message itself, not a template error that quotes the check's source.
    assert any(expected in msg and "{{" not in msg for _task, msg in failed(run)), failed(run)
    assert cluster.cluster.writes == []


def test_the_charts_rendered_for_an_existing_cluster_mount_no_host_folder_and_sync_dags_over_ssh(tmp_path):
    helm = real_helm(AIRFLOW_ARCHIVE)
    key = tmp_path / "id_ed25519"
    key_text = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n"
    key.write_text(key_text, encoding="utf-8")
    given = {"out_dir": str(tmp_path), "lab_cluster": "existing", "lab_user": "student", "lab_kube_context": "shared",
             "volumes_storage_class": CLASS, "airflow_db_password": "p@ss", "airflow_redis_password": "r@ss",
             "lab_db_address": "db.school.example",
             "airflow_secrets_dir": str(tmp_path / "secrets"), "airflow_dags_git_url": "git@git.school.example:course/dags.git",
             "airflow_dags_git_subpath": "dags", "airflow_dags_git_ssh_key_file": str(key),
             "airflow_dags_git_known_hosts": "git.school.example ssh-ed25519 AAAAC3Nza",
             "airflow_ingress_host": "airflow.school.example", "airflow_executor": "CeleryExecutor,KubernetesExecutor"}
    cmd = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", "localhost,", "-c", "local",
           "-e", "ansible_python_interpreter=" + sys.executable, "-e", json.dumps(given),
           os.path.join(PLAYBOOKS, "existing_render.yml")]
    proc = subprocess.run(cmd, cwd=ROOT, env=dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg")),
                          capture_output=True, text=True, check=False, timeout=300)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    mine = json.loads((tmp_path / "existing.json").read_text(encoding="utf-8"))

    # The volumes role: claims only (the provisioner makes the volumes), ReadWriteMany, of the class, unbound by name.
    assert [m["kind"] for m in mine["manifests"]] == ["PersistentVolumeClaim"] * 3, mine["manifests"]
    for claim in mine["manifests"]:
        assert claim["spec"]["accessModes"] == ["ReadWriteMany"] and claim["spec"]["storageClassName"] == CLASS
        assert "volumeName" not in claim["spec"]
    assert "hostPath" not in mine["spark_pi"]

    values = json.loads(json.dumps(mine["values"]))
    (tmp_path / "values.yaml").write_text(yaml.safe_dump(values), encoding="utf-8")
    rendered = subprocess.run([helm, "template", "airflow", AIRFLOW_ARCHIVE, "-n", "airflow", "-f", str(tmp_path / "values.yaml")],
                              capture_output=True, text=True, check=False, timeout=300,
                              env=dict(os.environ, HELM_CACHE_HOME=str(tmp_path / "cache"),
                                       HELM_CONFIG_HOME=str(tmp_path / "config"), HELM_DATA_HOME=str(tmp_path / "data")))
    assert rendered.returncode == 0, rendered.stderr[-3000:]
    assert "hostPath" not in rendered.stdout
    docs = [d for d in yaml.safe_load_all(rendered.stdout) if d]
    # Airflow 3 parses the DAGs in the dag processor: its pod syncs them.
    processor = next(d for d in docs if d["kind"] in ("Deployment", "StatefulSet")
                     and d["spec"]["template"]["metadata"]["labels"].get("component") == "dag-processor")["spec"]["template"]["spec"]
    sync = next(c for c in processor["containers"] if c["name"] == "git-sync")
    env = {e["name"]: e.get("value") for e in sync["env"]}
    assert env["GITSYNC_REPO"] == "git@git.school.example:course/dags.git" and env["GITSYNC_REF"] == "main", env
    assert "airflow-dags-claim" not in rendered.stdout
    # The key's volume is the Secret the role creates, and its key is the file, byte for byte.
    key_volume = next(v for v in processor["volumes"] if v["name"] == "git-sync-ssh-key")
    secret = next(s for s in mine["secrets"] if s["name"] == key_volume["secret"]["secretName"])
    assert secret["data"]["gitSshKey"] == key_text
    assert any(item.get("key") == "gitSshKey" for item in key_volume["secret"].get("items", [{"key": "gitSshKey"}]))
    ingress = next(d for d in docs if d["kind"] == "Ingress")
    assert [rule["host"] for rule in ingress["spec"]["rules"]] == ["airflow.school.example"]

    # The rights each role has checked before any change cover every object its chart creates, where it creates it.
    spark = subprocess.run([helm, "template", "spark-operator", os.path.join(CHARTS, "spark-operator-2.5.2"), "--include-crds",
                            "-n", mine["spark_namespace"], "-f", "-"], input=yaml.safe_dump(mine["spark_values"]),
                           capture_output=True, text=True, check=False, timeout=300,
                           env=dict(os.environ, HELM_CACHE_HOME=str(tmp_path / "cache"), HELM_CONFIG_HOME=str(tmp_path / "config"),
                                    HELM_DATA_HOME=str(tmp_path / "data")))
    assert spark.returncode == 0, spark.stderr[-3000:]
    for role, objects, namespace in (("volumes", mine["manifests"], "airflow"), ("airflow", docs, "airflow"),
                                     ("spark_operator", [d for d in yaml.safe_load_all(spark.stdout) if d], mine["spark_namespace"])):
        granted = {(r.get("group", ""), r["resource"], r.get("namespace", "")) for r in mine["access"][role] if "create" in r["verbs"]}
        missing = set()
        for obj in objects:
            group = obj["apiVersion"].rpartition("/")[0]
            kind = obj["kind"].lower()
            plural = kind[:-1] + "ies" if kind.endswith("y") else kind + ("es" if kind.endswith("s") else "s")
            where = "" if obj["kind"] in CLUSTER_KINDS else obj["metadata"].get("namespace") or namespace
            if (group, plural, where) not in granted:
                missing.add((group, plural, where))
        assert not missing, (role, sorted(missing))


def test_the_databases_admit_the_clusters_nodes_and_pods_and_listen_where_the_nodes_reach_them(cluster, tmp_path):
    # Nodes on the loopback network (no traffic leaves this machine): the machine's address there is 127.0.0.1.
    for name in ("node-0", "node-1", "node-2"):
        cluster.cluster.get("nodes", "", name)["status"] = {"addresses": [
            {"type": "InternalIP", "address": "127.0.0.{0}".format(int(name[-1]) + 2)}, {"type": "Hostname", "address": name}]}
    run = runner(cluster, tmp_path)("db_networks.yml", out_dir=str(tmp_path), airflow_db_password="p@ss:/w?#",
                                    airflow_redis_password="r@ss", airflow_secrets_dir=str(tmp_path / "secrets"))
    assert run.rc == 0, failed(run) or run
    got = json.loads((tmp_path / "db.json").read_text(encoding="utf-8"))
    wanted = ["127.0.0.2/32", "127.0.0.3/32", "127.0.0.4/32", "10.244.0.0/24", "10.244.1.0/24", "10.244.2.0/24"]
    assert sorted(got["networks"]["networks"]) == sorted(wanted), got["networks"]
    sources = {rule["source"] for rule in got["hba"] if rule.get("contype") == "host"}
    assert set(wanted) <= sources and "192.168.49.0/24" not in sources, sources
    assert "127.0.0.1" in got["listen"] and "192.168.49.1" not in got["listen"]
    assert "127.0.0.1" in got["redis_bind"] and "192.168.49.1" not in got["redis_bind"]
    assert got["db_address"] == "127.0.0.1"
    from sqlalchemy.engine import make_url  # pylint: disable=import-outside-toplevel
    url = make_url(got["connections"][0])
    assert (url.host, url.password) == ("127.0.0.1", "p@ss:/w?#"), url


def test_a_cluster_without_nodes_stops_the_databases_before_any_change(tmp_path):
    server = start_server(tmp_path, extra=("nodes",))
    try:
        run = runner(server, tmp_path)("db_networks.yml", out_dir=str(tmp_path), airflow_db_password="p", airflow_redis_password="r")
        assert run.rc == 2, run
        assert any("reports 0 node(s)" in msg for _task, msg in failed(run)), failed(run)
        assert server.cluster.writes == []
    finally:
        server.stop()


def two_machines(cluster, tmp_path, *args, **extra):
    """ansible-playbook on an inventory of two local machines: driver (drives the cluster) and db (lab_db_host)."""
    inventory = tmp_path / "hosts.yml"
    common = settings(cluster, tmp_path, lab_db_host="db")
    inventory.write_text(yaml.safe_dump({"all": {"hosts": {
        "driver": {"ansible_connection": "local", "ansible_python_interpreter": sys.executable},
        "db": {"ansible_connection": "local", "ansible_python_interpreter": sys.executable, "ansible_host": "db.school.example"}},
        "vars": common}}), encoding="utf-8")
    env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"), ANSIBLE_STDOUT_CALLBACK="ansible.posix.json",
               ANSIBLE_NOCOLOR="1", K8S_AUTH_KUBECONFIG=cluster.kubeconfig)
    cmd = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", str(inventory), "-e", json.dumps(extra)]
    proc = subprocess.run(cmd + list(args), cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=300)
    start = proc.stdout.find("{")
    return proc, json.JSONDecoder().raw_decode(proc.stdout[start:])[0] if start >= 0 else {}


def test_databases_on_another_machine_serve_the_cluster_that_the_first_one_drives(cluster, tmp_path):
    for name in ("node-0", "node-1", "node-2"):
        cluster.cluster.get("nodes", "", name)["status"] = {"addresses": [
            {"type": "InternalIP", "address": "127.0.0.{0}".format(int(name[-1]) + 2)}]}
    secrets = tmp_path / "secrets" / "db"
    secrets.mkdir(parents=True)
    (secrets / "postgresql-airflow_user").write_text("db p@ss:/?#", encoding="utf-8")
    (secrets / "redis-password").write_text("redis p@ss", encoding="utf-8")
    from sqlalchemy.engine import make_url  # pylint: disable=import-outside-toplevel

    # Before the database machine has read the cluster, its address is the inventory's.
    proc, _doc = two_machines(cluster, tmp_path, os.path.join(PLAYBOOKS, "db_host.yml"), out_dir=str(tmp_path), read_networks=False)
    assert proc.returncode == 0, proc.stdout[-3000:]
    url = make_url(json.loads((tmp_path / "driver.json").read_text(encoding="utf-8"))["connections"][0])
    assert (url.host, url.password) == ("db.school.example", "db p@ss:/?#"), url

    proc, _doc = two_machines(cluster, tmp_path, os.path.join(PLAYBOOKS, "db_host.yml"), out_dir=str(tmp_path))
    assert proc.returncode == 0, proc.stdout[-3000:]
    got = json.loads((tmp_path / "driver.json").read_text(encoding="utf-8"))
    assert got["db_address"] == "127.0.0.1" and make_url(got["connections"][0]).host == "127.0.0.1", got

    # The cluster layer runs on the driving machine only.
    proc, doc = two_machines(cluster, tmp_path, os.path.join(ROOT, "playbooks", "layers.yml"), "--tags", "cluster",
                             "--skip-tags", "helm")
    assert proc.returncode == 0, proc.stdout[-3000:]
    ran = {name: set(t["hosts"]) for p in doc["plays"] for t in p["tasks"] for name in [t["task"]["name"]]}
    assert ran["dataeng.airflow_lab.lab : Check that the kubeconfig reaches the cluster and may do all of it, before any change"] == {"driver"}
    assert ran["dataeng.airflow_lab.volumes : Check, and repair, that every claim is bound to its own volume"] == {"driver"}
    # The summary: the cluster's lines on the driving machine only, at the address given; no minikube.
    proc, doc = two_machines(cluster, tmp_path, os.path.join(ROOT, "playbooks", "summary.yml"),
                             lab_cluster_address="k8s.school.example")
    assert proc.returncode == 0, proc.stdout[-3000:]
    printed = next(t["hosts"] for p in doc["plays"] for t in p["tasks"] if t["task"]["name"] == "Print the summary")
    assert any(line.startswith("Airflow UI:   http://k8s.school.example:30080 ") for line in printed["driver"]["msg"]), printed
    assert not any("Airflow" in line or "minikube" in line for line in printed["db"]["msg"]), printed
    assert not any(line.startswith("minikube") for line in printed["driver"]["msg"]), printed
