"""The room's health: a colour and the first problem in words for each machine, from what the playbook read."""
from ansible_collections.dataeng.airflow_lab.plugins.module_utils._status import (
    free_gib, machine_status, room_status, unit_states)

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
    status = machine_status(_with(mounts=[{"name": "logs", "mounted": False}],
                                  claims=[{"claim": "c", "volume": "v", "bound_to_own": False}],
                                  releases=[{"name": "spark-operator", "status": "failed"}],
                                  airflow_health={"ok": False, "detail": "HTTP 503"}))
    assert [p["text"] for p in status["problems"]] == [
        "the logs folder is not mounted in the node", "claim c is not bound to its own volume v",
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


def test_free_space_is_the_disk_that_holds_the_lab_folder():
    disks = [{"mount": "/", "size_available": 50 * 2 ** 30}, {"mount": "/home", "size_available": 3 * 2 ** 29},
             {"mount": "/home2", "size_available": 1}]
    assert free_gib(disks, "/home/student/airflow-lab") == 1.5
    assert free_gib(disks, "/srv/lab") == 50.0
    assert free_gib([], "/srv") is None


def test_raw_reads_become_services_and_disk_and_a_refused_sudo_is_red():
    room = room_status([{"host": "pc1", "reachable": True, "unit_lines": UNITS[:1], "lab_dir": "/srv/lab",
                         "disks": [{"mount": "/", "size_available": 2 ** 36}]},
                        {"host": "pc2", "reachable": True, "error": "Ansible logged in but could not read it: sudo"}])
    assert room["machines"][0]["services"]["docker"] == "running" and room["machines"][0]["disk_free_gib"] == 64.0
    assert "unit_lines" not in room["machines"][0]
    assert (room["machines"][1]["colour"], room["machines"][1]["first_problem"]) == (
        "red", "Ansible logged in but could not read it: sudo")
