"""The room's health: a colour and the first problem in words for each machine, from what the playbook read."""
from ansible_collections.dataeng.airflow_lab.plugins.module_utils._status import (
    airflow_health, application_states, claim_rows, free_gib, machine_status, mount_rows, pod_counts, release_state, room_status,
    unit_states)

READY = {"host": "pc1", "reachable": True, "disk_free_gib": 80.0,
         "services": {"docker": "running", "postgresql": "running", "redis": "running", "minikube": "running"},
         "mounts": [{"name": "dags", "mounted": True}],
         "claims": [{"claim": "airflow-dags-claim", "volume": "airflow-dags-volume", "bound_to_own": True}],
         "releases": [{"name": "airflow", "status": "deployed"}], "pods": {"airflow": {"ready": 6, "total": 6}},
         "airflow_health": {"ok": True}}


def _with(**changes):
    facts = dict(READY)
    facts.update(changes)
    return facts


def test_a_ready_machine_is_green():
    assert machine_status(READY) == {"colour": "green", "problems": []}


def test_layers_a_machine_does_not_have_are_not_problems():
    bare = {"host": "pc1", "reachable": True, "services": {"docker": "running"}, "mounts": None, "claims": None,
            "releases": None, "pods": None, "airflow_health": None}
    assert machine_status(bare)["colour"] == "green"


def test_a_stopped_service_is_red_and_named_first():
    status = machine_status(_with(services=dict(READY["services"], redis="stopped"),
                                  pods={"airflow": {"ready": 4, "total": 6}}))
    assert status["colour"] == "red"
    assert [p["text"] for p in status["problems"]] == ["redis is stopped", "4 of 6 pods ready in airflow"]


def test_an_unreachable_machine_is_red_with_the_reason():
    status = machine_status({"host": "pc3", "reachable": False,
                             "unreachable_reason": "Task failed: ssh: connection refused"})
    assert status == {"colour": "red", "problems": [{"colour": "red", "text": "unreachable: ssh: connection refused"}]}


def test_pods_not_ready_or_a_fuller_disk_are_amber_a_full_disk_red():
    assert machine_status(_with(pods={"airflow": {"ready": 5, "total": 6}}))["colour"] == "amber"
    assert machine_status(_with(disk_free_gib=6.5))["problems"] == [
        {"colour": "amber", "text": "only 6.5 GiB free on the lab disk"}]
    assert machine_status(_with(disk_free_gib=1.0))["colour"] == "red"


def test_mounts_claims_releases_and_health_each_say_what_is_wrong():
    status = machine_status(_with(mounts=[{"name": "/data/logs", "src": "/home/s/airflow-lab/logs", "mounted": False}],
                                  claims=[{"claim": "c", "volume": "v", "bound_to_own": False}],
                                  releases=[{"name": "spark-operator", "status": "failed"}],
                                  airflow_health={"ok": False, "detail": "HTTP 503"}))
    assert [p["text"] for p in status["problems"]] == [
        "/home/s/airflow-lab/logs is not mounted in the node at /data/logs", "claim c is not bound to its own volume v",
        "Helm release spark-operator is failed", "the Airflow API does not answer its health check (HTTP 503)"]


def test_the_room_has_a_row_per_machine_sorted_with_its_first_problem_and_the_counts():
    room = room_status([_with(host="pc2", services=dict(READY["services"], redis="stopped")),
                        {"host": "pc3", "reachable": False}, READY])
    assert [(r["host"], r["colour"], r["first_problem"]) for r in room["machines"]] == [
        ("pc1", "green", "ready"), ("pc2", "red", "redis is stopped"), ("pc3", "red", "unreachable: no answer")]
    assert room["counts"] == {"green": 1, "amber": 0, "red": 2}


# systemctl list-units --all --plain --no-legend on a Debian 12 lab host (PostgreSQL's wrapper and its cluster).
UNITS = ["docker.service loaded active running Docker Application Container Engine",
         "minikube-airflow-lab.service loaded active exited minikube cluster airflow-lab (airflow lab)",
         "postgresql.service loaded active exited PostgreSQL RDBMS",
         "postgresql@15-main.service loaded inactive dead PostgreSQL Cluster 15-main",
         "redis.service loaded failed failed Redis"]


def test_unit_lines_read_as_service_states_the_worst_postgresql_unit_and_a_oneshot_that_ran_as_running():
    assert unit_states(UNITS) == {"docker": "running", "postgresql": "stopped", "redis": "failed", "minikube": "running"}
    assert unit_states(["redis.service not-found inactive dead redis.service"]) == {
        "docker": "not installed", "postgresql": "not installed", "redis": "not installed", "minikube": "not installed"}


def test_free_space_is_the_disk_of_the_lab_folder_or_of_its_nearest_asked_parent():
    lab = {"exists": True, "free_bytes": 3 * 2 ** 29, "mount": "/home"}
    missing = {"exists": False, "free_bytes": None, "mount": None}
    root = {"exists": True, "free_bytes": 50 * 2 ** 30, "mount": "/"}
    assert free_gib([lab, lab, root]) == 1.5
    assert free_gib([missing, missing, root]) == 50.0
    assert free_gib([missing, None]) is None and free_gib([]) is None


def test_raw_reads_become_services_and_disk_and_a_refused_sudo_is_red():
    room = room_status([{"host": "pc1", "reachable": True, "unit_lines": UNITS[:1], "lab_dir": "/srv/lab",
                         "space": [{"exists": False}, {"exists": True, "free_bytes": 2 ** 36, "mount": "/"}]},
                        {"host": "pc2", "reachable": True, "error": "Ansible logged in but could not read it: sudo"}])
    assert room["machines"][0]["services"]["docker"] == "running" and room["machines"][0]["disk_free_gib"] == 64.0
    assert "unit_lines" not in room["machines"][0]
    assert (room["machines"][1]["colour"], room["machines"][1]["first_problem"]) == (
        "red", "Ansible logged in but could not read it: sudo")


# failed_when: false (as the status tasks read) sets failed to false: a failed read is told by its missing answer.
FAILED_READ = {"failed": False, "failed_when_result": False, "msg": "Failure when executing Helm command. Exited 1.\n"
               "stderr: Error: Kubernetes cluster unreachable"}


def test_a_release_keeps_its_state_never_its_values_and_a_missing_one_is_not_installed():
    found = {"changed": False, "status": {"name": "airflow", "status": "deployed", "chart": "airflow-1.22.0",
                                          "app_version": "3.1.7", "updated": "2026-11-23", "values": {"password": "s3cret"}}}
    state = release_state(found, "airflow", "airflow")
    assert state == {"name": "airflow", "namespace": "airflow", "status": "deployed", "chart": "airflow-1.22.0",
                     "app_version": "3.1.7", "updated": "2026-11-23"}
    assert "s3cret" not in repr(state)
    assert release_state({"changed": False}, "airflow", "airflow") == {}
    unreadable = release_state(FAILED_READ, "airflow", "airflow")
    assert unreadable["status"] == "unreadable" and unreadable["detail"].endswith("Kubernetes cluster unreachable")


def test_applications_read_as_releases_without_their_values():
    found = {"changed": False, "api_found": True, "resources": [
        {"metadata": {"name": "airflow", "namespace": "cicd"},
         "spec": {"source": {"chart": "airflow", "targetRevision": "1.22.0", "helm": {"valuesObject": {"password": "s3cret"}}},
                  "destination": {"namespace": "airflow"}},
         "status": {"sync": {"status": "Synced"}, "health": {"status": "Healthy"}, "reconciledAt": "2026-11-24T10:12:01Z"}},
        {"metadata": {"name": "seaweedfs"}, "spec": {"source": {"chart": "seaweedfs", "targetRevision": "4.44.0"},
                                                     "destination": {"namespace": "storage"}}}]}
    states = application_states(found)
    assert states == [
        {"kind": "Application", "name": "airflow", "namespace": "airflow", "status": "Synced/Healthy", "chart": "airflow-1.22.0",
         "app_version": "", "updated": "2026-11-24 10:12:01"},
        {"kind": "Application", "name": "seaweedfs", "namespace": "storage", "status": "Unknown/Unknown", "chart": "seaweedfs-4.44.0",
         "app_version": "", "updated": ""}]
    assert "s3cret" not in repr(states)
    # No Argo CD on the cluster: no Application kind, nothing to show.
    assert application_states({"changed": False, "api_found": False, "resources": []}) == []
    unreadable = application_states(FAILED_READ)
    assert len(unreadable) == 1 and unreadable[0]["status"] == "unreadable"
    # On the page: a synced, healthy Application is well; any other state is the machine's problem.
    base = {"host": "pc1", "reachable": True}
    assert machine_status(dict(base, releases=states[:1]))["colour"] == "green"
    status = machine_status(dict(base, releases=states))
    assert status["colour"] == "red" and status["problems"][0]["text"] == "Argo CD Application seaweedfs is Unknown/Unknown"


def test_airflow_health_wants_200_and_every_component_with_a_status_healthy():
    healthy = {"status": 200, "json": {"metadatabase": {"status": "healthy"}, "scheduler": {"status": "healthy"},
                                       "triggerer": {"status": None}}}
    assert airflow_health(healthy) == {"ok": True, "detail": "healthy"}
    sick = {"status": 200, "json": {"metadatabase": {"status": "unhealthy"}, "scheduler": {"status": "unhealthy"}}}
    assert airflow_health(sick) == {"ok": False, "detail": "unhealthy: metadatabase, scheduler"}
    assert airflow_health({"status": 503, "json": {}}) == {"ok": False, "detail": "HTTP 503"}
    refused = {"status": -1, "msg": "Status code was -1 and not [200]: Request failed: <urlopen error [Errno 111] "
                                    "Connection refused>"}
    assert airflow_health(refused)["detail"].endswith("Connection refused>")
    assert airflow_health({"status": 200, "content": "OK"})["ok"] is False


def test_pods_count_per_namespace():
    assert pod_counts([["airflow", True], ["airflow", False], ["kube-system", True]]) == {
        "airflow": {"ready": 1, "total": 2}, "kube-system": {"ready": 1, "total": 1}}
    assert pod_counts([]) == {}


def test_mount_rows_from_the_modules_check_mode_results():
    results = [{"item": {"src": "/home/s/airflow-lab/dags", "dest": "/data/dags"}, "unit": "u", "verified": True,
                "method": "bind"},
               {"item": {"src": "/home/s/airflow-lab/logs", "dest": "/data/logs"}, "unit": "u", "verified": False,
                "method": None},
               dict(FAILED_READ, item={"src": "/home/s/airflow-lab/data", "dest": "/data/data"},
                    msg="the minikube cluster (profile minikube) is not running (host: Stopped): start it first")]
    rows = mount_rows(results)
    assert [(r["name"], r["mounted"], r["method"]) for r in rows] == [
        ("/data/dags", True, "bind"), ("/data/logs", False, ""), ("/data/data", False, "")]
    assert rows[1]["detail"] == "" and rows[2]["detail"].startswith("the minikube cluster (profile minikube) is not running")
    texts = [p["text"] for p in machine_status(_with(mounts=rows))["problems"]]
    assert texts == ["/home/s/airflow-lab/logs is not mounted in the node at /data/logs",
                     "/home/s/airflow-lab/data is not mounted in the node at /data/data: the minikube cluster (profile minikube) is not "
                     "running (host: Stopped): start it first"]


def test_claim_rows_and_a_failed_read_of_the_claims_or_pods_is_red():
    result = {"changed": False, "ok": False, "bindings": [
        {"claim": "airflow-dags-claim", "volume": "airflow-dags-volume", "ok": False,
         "problems": ["claim airflow/airflow-dags-claim is bound to airflow-logs-volume, expected airflow-dags-volume"]},
        {"claim": "airflow-data-claim", "volume": "airflow-data-volume", "ok": True, "problems": []}]}
    rows = claim_rows(result)
    assert [(r["claim"], r["bound_to_own"]) for r in rows] == [("airflow-dags-claim", False), ("airflow-data-claim", True)]
    read = {"host": "pc1", "reachable": True, "cluster_read": True, "binding_result": dict(FAILED_READ, msg="Unauthorized"),
            "mount_results": [], "pod_states": [], "read_errors": ["could not list the pods: Unauthorized"]}
    room = room_status([read])
    row = room["machines"][0]
    assert row["colour"] == "red" and row["claims"] == [] and row["mounts"] == [] and row["pods"] == {}
    assert [p["text"] for p in row["problems"]] == ["could not list the pods: Unauthorized",
                                                    "could not read the claims: Unauthorized"]


def test_the_last_converge_comes_from_the_controllers_record():
    room = room_status([{"host": "pc1", "reachable": True}, {"host": "pc2", "reachable": True}],
                       last_converges={"pc1": "2026-11-23 10:00:00 UTC"})
    assert [m["last_converge"] for m in room["machines"]] == ["2026-11-23 10:00:00 UTC", ""]


def test_a_machine_without_the_cluster_has_its_layers_not_installed_as_ansible_core_2_17_gives_them():
    # ansible-core 2.17 gives booleans back as booleans, and the playbook sends no null (it would be the text "None").
    read = {"host": "pc1", "reachable": True, "cluster_read": False, "mount_results": [], "binding_result": {},
            "pod_states": [], "releases": [], "airflow_health": {}, "urls": {}, "read_errors": []}
    row = room_status([read])["machines"][0]
    assert (row["mounts"], row["claims"], row["releases"], row["pods"], row["airflow_health"]) == (None,) * 5
    assert row["colour"] == "green" and "cluster_read" not in row and "mount_results" not in row
    deployed_but_not_asked = room_status([dict(read, cluster_read="True")])["machines"][0]
    assert deployed_but_not_asked["airflow_health"] is None and deployed_but_not_asked["mounts"] == []
