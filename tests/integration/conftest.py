"""Fixtures for tests that drive real ansible-playbook runs against the fake Kubernetes API server."""
import base64
import glob
import gzip
import json
import os
import shutil
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests", "fake_k8s"))
# The collection's own code, for the tests that call it directly (tests/unit/conftest.py does the same).
sys.path.insert(0, os.path.join(ROOT, "collections"))
import ansible_collections  # noqa: E402  pylint: disable=wrong-import-position

if os.path.join(ROOT, "collections", "ansible_collections") not in list(ansible_collections.__path__):
    ansible_collections.__path__.append(os.path.join(ROOT, "collections", "ansible_collections"))

from server import FakeApiServer  # noqa: E402  pylint: disable=wrong-import-position

PLAYBOOKS = os.path.join(ROOT, "tests", "integration", "playbooks")


class Run:
    def __init__(self, proc):
        self.proc = proc
        self.rc = proc.returncode
        start = proc.stdout.find("{")
        self.doc = json.JSONDecoder().raw_decode(proc.stdout[start:])[0] if start >= 0 else {}

    def result(self, task_name):
        for play in self.doc.get("plays", []):
            for task in play["tasks"]:
                if task["task"]["name"] == task_name:
                    return next(iter(task["hosts"].values()))
        raise KeyError(task_name)

    @property
    def changed(self):
        return sum(stats.get("changed", 0) for stats in self.doc.get("stats", {}).values())

    def __repr__(self):
        return "rc={0}\nstdout={1}\nstderr={2}".format(self.rc, self.proc.stdout[-4000:], self.proc.stderr[-2000:])


def runner(server, tmp_path):
    """run(name, *args, **extra_vars) -> Run; run.start(...) -> the running Popen (in its own process group)."""
    def command(name, args, extra_vars):
        env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"), K8S_AUTH_KUBECONFIG=server.kubeconfig,
                   ANSIBLE_STDOUT_CALLBACK="ansible.posix.json", ANSIBLE_NOCOLOR="1",
                   ANSIBLE_LOCAL_TEMP=str(tmp_path / "ansible-tmp"), HOME=os.environ.get("HOME", str(tmp_path)))
        # LAB_CONTROLLER_BIN: another controller's bin folder (tests/harness/controllers.sh), to run a test's
        # playbooks with that ansible-core; the modules still run with this Python.
        controller = os.environ.get("LAB_CONTROLLER_BIN") or os.path.dirname(sys.executable)
        cmd = [os.path.join(controller, "ansible-playbook"), "-i", "localhost,", "-c", "local",
               "-e", "ansible_python_interpreter=" + sys.executable, "-e", json.dumps(extra_vars),
               os.path.join(PLAYBOOKS, name)] + list(args)
        return cmd, env

    def run(name, *args, **extra_vars):
        cmd, env = command(name, args, extra_vars)
        return Run(subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=300))

    def start(name, *args, **extra_vars):
        cmd, env = command(name, args, extra_vars)
        return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)

    run.start = start
    return run


def apps_layer_refuses(server, tmp_path, bad, subject, expected):
    """Run playbooks/layers.yml's apps layer against the fake cluster with the settings `bad`: it must stop with one
    message, from `subject` (the check that names the variable), holding each text of `expected`, before any write."""
    given = {"lab_layers": ["apps"], "lab_kubeconfig": server.kubeconfig, "lab_kube_context": "fake",
             "lab_k8s_python": sys.executable, "lab_secrets_dir": str(tmp_path / "secrets"), "lab_dir": str(tmp_path / "lab"),
             "airflow_db_password": "p", "airflow_redis_password": "r", "ansible_become_method": "ansible.builtin.su"}
    given.update(bad)
    result = runner(server, tmp_path)("../../../playbooks/layers.yml", **given)
    assert result.rc != 0, result
    messages = [h.get("msg", "") for p in result.doc["plays"] for t in p["tasks"] for h in t["hosts"].values() if h.get("failed")]
    assert len(messages) == 1 and subject in messages[0], messages
    for text in expected:
        assert text in messages[0], messages[0]
    assert "{{" not in messages[0]
    assert server.cluster.writes == []


def helm_release_secret(name, namespace, status, chart, version, values, app_version=""):
    """The Secret in which Helm (3 and 4) keeps a release: its record as JSON, gzipped and base64-encoded, in the data
    field "release" (base64 again, as every Secret's data); the labels helm list selects by."""
    release = {"name": name, "namespace": namespace, "version": 1,
               "info": {"status": status, "first_deployed": "2026-11-23T10:00:00Z", "last_deployed": "2026-11-23T10:00:00Z",
                        "deleted": "", "description": "Install complete"},
               "chart": {"metadata": {"name": chart, "version": version, "appVersion": app_version, "apiVersion": "v2"}},
               "config": values, "manifest": ""}
    encoded = base64.b64encode(gzip.compress(json.dumps(release).encode())).decode()
    return {"metadata": {"name": "sh.helm.release.v1.{0}.v1".format(name), "namespace": namespace,
                         "labels": {"name": name, "owner": "helm", "status": status, "version": "1"}},
            "type": "helm.sh/release.v1", "data": {"release": base64.b64encode(encoded.encode()).decode()}}


def start_server(tmp_path, seed=0, extra=()):
    server = FakeApiServer(seed=seed, extra=extra).start()
    server.kubeconfig = server.write_kubeconfig(str(tmp_path / "kubeconfig-{0}".format(server.url.rsplit(":", 1)[1])))
    return server


@pytest.fixture
def api(tmp_path):
    server = start_server(tmp_path)
    yield server
    server.stop()


@pytest.fixture
def playbook(api, tmp_path):
    return runner(api, tmp_path)


@pytest.fixture(scope="session")
def shipped_dags(tmp_path_factory):
    """The folder the spark_operator role writes its example DAGs into (its own task, with its defaults)."""
    out = tmp_path_factory.mktemp("dags")
    cmd = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", "localhost,", "-c", "local",
           "-e", "ansible_python_interpreter=" + sys.executable, "-e", json.dumps({"out_dir": str(out)}),
           os.path.join(PLAYBOOKS, "dags.yml")]
    env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"))
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=300)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    return str(out)


def render_cases(out, playbook, cases, timeout=900):
    """Run tests/integration/playbooks/<playbook> with {cases, out_dir} and read back out/<name>.json per case."""
    cmd = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", "localhost,", "-c", "local",
           "-e", "ansible_python_interpreter=" + sys.executable, "-e", json.dumps({"cases": cases, "out_dir": str(out)}),
           os.path.join(PLAYBOOKS, playbook)]
    env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"))
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=timeout)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    result = {}
    for path in glob.glob(os.path.join(str(out), "*.json")):
        with open(path, encoding="utf-8") as handle:
            result[os.path.basename(path)[:-5]] = json.load(handle)
    return result


def need_program(variable):
    """The program that the environment variable names (tests/run.sh sets each from tests/harness/); the test fails,
    loudly, when it is not there."""
    path = os.environ.get(variable)
    if not path or not os.access(path, os.X_OK):
        pytest.fail("{0} must name its program (tests/run.sh sets it from tests/harness/)".format(variable))
    return path


def real_helm(*charts):
    """The real helm binary (LAB_HELM), once the chart archives or folders that the test renders are all there."""
    for chart in charts:
        if not os.path.exists(chart):
            pytest.fail("a chart is missing: {0} (set LAB_CHARTS_DIR)".format(chart))
    return need_program("LAB_HELM")


def put_helm_on_path(monkeypatch, line):
    """A real helm of that line (tests/harness/helm.sh: "3" is v3.17.2, the oldest supported; "4" is v4.1.4) as
    the helm on PATH, from a folder of its own (the harness's folder holds the other lines' binaries too)."""
    helm = subprocess.run(["bash", "tests/harness/helm.sh", line], capture_output=True, text=True, check=True,
                          cwd=ROOT).stdout.strip()
    folder = os.path.join(os.path.dirname(helm), "on-path-" + line)
    os.makedirs(folder, exist_ok=True)
    if not os.path.exists(os.path.join(folder, "helm")):
        shutil.copy(helm, os.path.join(folder, "helm"))
    monkeypatch.setenv("PATH", folder + os.pathsep + os.environ["PATH"])
    return helm


@pytest.fixture
def helm_on_path(monkeypatch):
    """The oldest Helm the collection supports (v3.17.2, a real binary), as the helm on PATH."""
    return put_helm_on_path(monkeypatch, "3")
