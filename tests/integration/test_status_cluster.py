"""The room's status page reads a machine's cluster and apps layers: each role's tasks/status.yml, run by the lab
role's status_cluster.yml against the fake API server (with Secrets, Services and Nodes), the real helm (v3.17.2)
and the fake minikube (node emulated), and the page written from them. Seeded: a claim bound to another claim's
volume, a pod not ready, a failed release (helm 3 and helm 4 each), an Airflow whose health endpoint (a loopback server) says its
scheduler is unhealthy, and a password in the release's values, which must appear nowhere."""
import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import ROOT, helm_release_secret, put_helm_on_path, runner, start_server

SECRET = "values-p@ss:w0rd/%not-shown"


class Health(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        body = {"metadatabase": {"status": "healthy"}, "scheduler": {"status": "unhealthy"},
                "triggerer": {"status": None}, "dag_processor": {"status": "healthy"}}
        status = 200 if self.path == "/api/v2/monitor/health" else 404
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def release_secret(name, namespace, status, chart, version):
    return helm_release_secret(name, namespace, status, chart, version,
                               {"createUserJob": {"defaultUser": {"password": SECRET}}}, app_version="3.1.7")


@pytest.fixture
def cluster(tmp_path):
    server = start_server(tmp_path, extra=("secrets", "services", "nodes"))
    yield server
    server.stop()


def seed(cluster):
    c = cluster.cluster
    for ns in ("airflow", "spark-operator", "kube-system"):
        c.create("namespaces", None, {"metadata": {"name": ns}})
    spec = {"storageClassName": "manual", "accessModes": ["ReadWriteOnce"], "capacity": {"storage": "1Gi"},
            "persistentVolumeReclaimPolicy": "Retain"}
    for part in ("dags", "logs", "data"):
        c.create("persistentvolumes", None, {"metadata": {"name": "airflow-{0}-volume".format(part)}, "spec": dict(spec)})
    # dags and logs each took the other's volume, data its own.
    for part, volume in (("dags", "logs"), ("logs", "dags"), ("data", "data")):
        c.create("persistentvolumeclaims", "airflow", {
            "metadata": {"name": "airflow-{0}-claim".format(part)},
            "spec": {"storageClassName": "manual", "accessModes": ["ReadWriteOnce"], "volumeName": "airflow-{0}-volume".format(volume),
                     "resources": {"requests": {"storage": "1Gi"}}}})
    for ns, name, ready in (("airflow", "airflow-scheduler-0", "False"), ("airflow", "airflow-api-server-1", "True"),
                            ("kube-system", "coredns-1", "True")):
        # A pod's environment may hold a password: the page keeps only namespaces and readiness.
        container = {"name": "c", "image": "i", "env": [{"name": "P", "value": SECRET}]}
        c.create("pods", ns, {"metadata": {"name": name}, "spec": {"containers": [container]}})
        pod = c.get("pods", ns, name)
        pod["status"] = {"phase": "Running", "conditions": [{"type": "Ready", "status": ready}]}
    c.create("secrets", "airflow", release_secret("airflow", "airflow", "deployed", "airflow", "1.22.0"))
    c.create("secrets", "spark-operator", release_secret("spark-operator", "spark-operator", "failed", "spark-operator", "2.5.2"))
    c.create("nodes", None, {"metadata": {"name": "minikube"}})
    # The node's address is the loopback here: the health endpoint is a server on it.
    c.get("nodes", "", "minikube")["status"] = {"addresses": [{"type": "InternalIP", "address": "127.0.0.1"}]}


@pytest.mark.parametrize("helm_line", ["3", "4"])
def test_the_page_shows_the_cluster_and_apps_layers(cluster, tmp_path, monkeypatch, helm_line):
    put_helm_on_path(monkeypatch, helm_line)
    health = ThreadingHTTPServer(("127.0.0.1", 0), Health)
    threading.Thread(target=health.serve_forever, daemon=True).start()
    seed(cluster)
    # The fake minikube, its cluster started with the lab folder bind-mounted at /data (node emulated).
    bin_dir, lab_dir = tmp_path / "bin", tmp_path / "airflow-lab"
    bin_dir.mkdir()
    minikube = bin_dir / "minikube"
    minikube.write_text("#!{0}\nimport runpy, sys\nsys.argv[0] = 'minikube'\nrunpy.run_path({1!r}, run_name='__main__')\n".format(
        sys.executable, os.path.join(ROOT, "tests", "fake_minikube", "minikube.py")))
    minikube.chmod(0o755)
    for part in ("dags", "logs", "data"):
        (lab_dir / part).mkdir(parents=True)
    (lab_dir / "dags" / "example dag.py").write_text("# a DAG\n")
    monkeypatch.setenv("MINIKUBE_HOME", str(tmp_path / "minikube-home"))
    monkeypatch.setenv("FAKE_MINIKUBE_EMULATE", "1")
    start = subprocess.run([str(minikube), "start", "-p", "minikube", "--mount", "--mount-string={0}:/data".format(lab_dir)],
                           capture_output=True, text=True, check=False)
    assert start.returncode == 0, start.stderr
    try:
        run = runner(cluster, tmp_path)("status.yml", minikube_bin_dir=str(bin_dir), lab_dir=str(lab_dir),
                                        lab_status_dir=str(tmp_path / "status"), airflow_ui_node_port=health.server_address[1])
    finally:
        health.shutdown()
    assert run.rc == 0, run
    assert run.changed == 0, run
    room = json.loads((tmp_path / "status" / "status.json").read_text())
    machine = room["machines"][0]
    # The lab folder's disk, read by state_probe (the folder exists here).
    assert isinstance(machine["disk_free_gib"], float), machine
    assert [(m["name"], m["mounted"], m["method"]) for m in machine["mounts"]] == [
        ("/data/dags", True, "bind"), ("/data/logs", True, "bind"), ("/data/data", True, "bind")], machine["mounts"]
    assert [(c["claim"], c["bound_to_own"]) for c in machine["claims"]] == [
        ("airflow-dags-claim", False), ("airflow-logs-claim", False), ("airflow-data-claim", True)], machine["claims"]
    assert machine["pods"] == {"airflow": {"ready": 1, "total": 2}, "kube-system": {"ready": 1, "total": 1}}
    assert [(r["name"], r["status"], r["chart"]) for r in machine["releases"]] == [
        ("airflow", "deployed", "airflow-1.22.0"), ("spark-operator", "failed", "spark-operator-2.5.2")], machine["releases"]
    assert machine["airflow_health"] == {"ok": False, "detail": "unhealthy: scheduler"}
    assert machine["urls"] == {"Airflow": "http://127.0.0.1:{0}".format(health.server_address[1])}
    texts = [p["text"] for p in machine["problems"]]
    assert "claim airflow-dags-claim is not bound to its own volume airflow-dags-volume" in texts, texts
    assert "Helm release spark-operator is failed" in texts, texts
    assert "the Airflow API does not answer its health check (unhealthy: scheduler)" in texts, texts
    assert "1 of 2 pods ready in airflow" in texts, texts
    assert machine["colour"] == "red"
    page = (tmp_path / "status" / "status.html").read_text()
    # In a real browser: the row and the sections it shows; a screenshot for people to look at (README).
    chromium = os.environ.get("LAB_CHROMIUM", "")
    if not os.path.isfile(chromium):
        pytest.fail("No chromium (LAB_CHROMIUM={0!r}): the page cannot be loaded; run tests/harness/chromium.sh".format(chromium))
    browser = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
    url = "file://{0}".format(tmp_path / "status" / "status.html")
    dom = subprocess.run(browser + ["--dump-dom", url], capture_output=True, text=True, check=True, timeout=120).stdout
    assert 'data-colour="red"' in dom and "claim airflow-dags-claim is not bound to its own volume" in dom, dom[-3000:]
    for title in ("Folders mounted in the node", "Claims", "Helm releases", "Pods ready per namespace", "Addresses"):
        assert "<h3>{0}</h3>".format(title) in dom
    assert "not installed" not in dom.split("<h3>Folders mounted in the node</h3>", 1)[1]
    shot = os.path.join(ROOT, "tests", "output", "status-cluster-helm{0}.png".format(helm_line))
    subprocess.run(browser + ["--window-size=1200,1500", "--screenshot=" + shot, url], capture_output=True, check=True,
                   timeout=120)
    for text in (SECRET, json.dumps(SECRET)[1:-1]):
        assert text not in page and text not in (tmp_path / "status" / "status.json").read_text()
        assert text not in run.proc.stdout and text not in run.proc.stderr
