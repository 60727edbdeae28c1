"""Backups of the Airflow database, the cluster side: playbooks/layers.yml sees a new Airflow version or chart before
it migrates the database (the airflow role's tasks/deployed.yml; the dump itself is the postgresql role's, made and
restored for real by the newcomer scenario), and playbooks/restore.yml stops Airflow before it drops the database and
starts it after (the airflow role's tasks/replicas.yml): every Deployment and StatefulSet of the release goes to 0 with
its count kept on it, and gets the same count back; another release's workloads, and one already at 0, are left alone;
a cluster that is not there stops nothing and fails nothing. Against the fake API server (apps/v1 objects stored as
written) and the real helm."""
import pytest

from conftest import helm_release_secret, runner, start_server

ANNOTATION = "airflow-lab/replicas"


def _workload(kind, name, replicas, release="airflow"):
    return {"apiVersion": "apps/v1", "kind": kind,
            "metadata": {"name": name, "namespace": "airflow", "labels": {"release": release, "tier": "airflow"}},
            "spec": {"replicas": replicas, "selector": {"matchLabels": {"component": name}}}}


@pytest.fixture
def cluster(tmp_path):
    server = start_server(tmp_path, extra=("deployments", "statefulsets"))
    with server.cluster.lock:
        server.cluster.create("namespaces", None, {"metadata": {"name": "airflow"}})
        for plural, body in [("deployments", _workload("Deployment", "airflow-scheduler", 2)),
                             ("deployments", _workload("Deployment", "airflow-api-server", 1)),
                             ("deployments", _workload("Deployment", "airflow-flower", 0)),
                             ("statefulsets", _workload("StatefulSet", "airflow-worker", 3)),
                             ("deployments", _workload("Deployment", "reports", 1, release="reports"))]:
            server.cluster.create(plural, "airflow", body)
    yield server
    server.stop()


def _state(server):
    found = {}
    for plural in ("deployments", "statefulsets"):
        for obj in server.cluster.find(plural, "airflow"):
            annotations = obj["metadata"].get("annotations") or {}
            found[obj["metadata"]["name"]] = (obj["spec"]["replicas"], annotations.get(ANNOTATION))
    return found


def test_stop_keeps_each_count_and_start_gives_it_back(cluster, tmp_path):
    run = runner(cluster, tmp_path)
    stopped = run("airflow_entry.yml", entry="replicas", cases=[{"replicas": "stop"}])
    assert stopped.rc == 0, stopped
    assert _state(cluster) == {"airflow-scheduler": (0, "2"), "airflow-api-server": (0, "1"), "airflow-flower": (0, None),
                               "airflow-worker": (0, "3"), "reports": (1, None)}
    # A restore that failed after the stop runs the stop again: the counts kept are not overwritten with 0.
    again = run("airflow_entry.yml", entry="replicas", cases=[{"replicas": "stop"}])
    assert again.rc == 0 and again.changed == 0, again
    started = run("airflow_entry.yml", entry="replicas", cases=[{"replicas": "start"}])
    assert started.rc == 0, started
    assert _state(cluster) == {"airflow-scheduler": (2, None), "airflow-api-server": (1, None), "airflow-flower": (0, None),
                               "airflow-worker": (3, None), "reports": (1, None)}
    rerun = run("airflow_entry.yml", entry="replicas", cases=[{"replicas": "start"}])
    assert rerun.rc == 0 and rerun.changed == 0, rerun


def test_no_cluster_stops_nothing_and_fails_nothing(cluster, tmp_path):
    cluster.stop()
    result = runner(cluster, tmp_path)("airflow_entry.yml", entry="replicas", cases=[{"replicas": "stop"}])
    assert result.rc == 0 and result.changed == 0, result


def _changes(result):
    return [host["airflow_release_change"] for play in result.doc["plays"] for task in play["tasks"]
            if task["task"]["name"] == "Show the change" for host in task["hosts"].values()]


def test_a_new_airflow_or_chart_version_is_seen_before_it_migrates_the_database(tmp_path, helm_on_path):
    server = start_server(tmp_path, extra=("secrets",))
    try:
        cases = [{"chart": "1.22.0", "airflow": "3.2.2"}, {"chart": "1.22.0", "airflow": "3.3.2"},
                 {"chart": "1.23.0", "airflow": "3.2.2"}]
        run = runner(server, tmp_path)
        with server.cluster.lock:
            server.cluster.create("namespaces", None, {"metadata": {"name": "airflow"}})
        # No release yet: a first install migrates an empty database, nothing to keep.
        first = run("airflow_entry.yml", entry="deployed", cases=cases[:1])
        assert first.rc == 0 and _changes(first) == [{}], first
        with server.cluster.lock:
            server.cluster.create("secrets", "airflow", helm_release_secret(
                "airflow", "airflow", "deployed", "airflow", "1.22.0", {"airflowVersion": "3.2.2", "executor": "CeleryExecutor"}))
        result = run("airflow_entry.yml", entry="deployed", cases=cases)
        assert result.rc == 0, result
        running = {"chart": "airflow-1.22.0", "airflow": "3.2.2"}
        assert _changes(result) == [
            {},
            {"running": running, "wanted": {"chart": "airflow-1.22.0", "airflow": "3.3.2"}},
            {"running": running, "wanted": {"chart": "airflow-1.23.0", "airflow": "3.2.2"}},
        ]
        assert server.cluster.writes == []
    finally:
        server.stop()
