"""The volumes role and the pv_binding module against the fake Kubernetes API server."""
import glob
import itertools
import os
import signal

from conftest import runner, start_server

import kubernetes_validate
import pytest
import yaml

NAMES = ["dags", "logs", "data"]
CLAIMS = {n: "airflow-{0}-claim".format(n) for n in NAMES}
VOLUMES = {n: "airflow-{0}-volume".format(n) for n in NAMES}
WRONG_ORDERS = [p for p in itertools.permutations(NAMES) if list(p) != NAMES]


def course_state(cluster, claim_volumes=None):
    """What the course's manifests leave: three identical volumes and three claims.

    claim_volumes maps each claim's name part to the volume it ends up on; None lets the binder choose.
    """
    cluster.create("namespaces", None, {"metadata": {"name": "airflow"}})
    for n in NAMES:
        cluster.create("persistentvolumes", None, {
            "metadata": {"name": VOLUMES[n]},
            "spec": {"storageClassName": "manual", "capacity": {"storage": "1Gi"}, "accessModes": ["ReadWriteOnce"],
                     "persistentVolumeReclaimPolicy": "Retain", "hostPath": {"path": "/data/" + n}}})
    for n in NAMES:
        spec = {"storageClassName": "manual", "accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}
        if claim_volumes:
            spec["volumeName"] = VOLUMES[claim_volumes[n]]
        cluster.create("persistentvolumeclaims", "airflow", {"metadata": {"name": CLAIMS[n]}, "spec": spec})


def bindings(cluster):
    return {c["metadata"]["name"]: (c["status"]["phase"], c["spec"].get("volumeName"))
            for c in cluster.find("persistentvolumeclaims", "airflow")}


def volumes(cluster):
    return {v["metadata"]["name"]: (v["metadata"]["uid"], v["spec"]["hostPath"]["path"])
            for v in cluster.find("persistentvolumes")}


def assert_correct(cluster):
    assert bindings(cluster) == {CLAIMS[n]: ("Bound", VOLUMES[n]) for n in NAMES}
    for v in cluster.find("persistentvolumes"):
        assert v["status"]["phase"] == "Bound"


def test_role_creates_prebound_volumes_and_claims_idempotently(api, playbook):
    first = playbook("volumes.yml")
    assert first.rc == 0, first
    assert_correct(api.cluster)
    for v in api.cluster.find("persistentvolumes"):
        assert v["spec"]["persistentVolumeReclaimPolicy"] == "Retain"
        assert v["spec"]["claimRef"]["name"] == v["metadata"]["name"].replace("-volume", "-claim")
    second = playbook("volumes.yml")
    assert second.rc == 0, second
    assert second.changed == 0, second


def test_role_check_mode_on_an_empty_cluster_writes_nothing(api, playbook):
    run = playbook("volumes.yml", "--check")
    assert run.rc == 0, run
    assert run.changed > 0
    assert api.cluster.writes == []


def objects(cluster):
    """The volumes and claims as a clean converge defines them (no uids, versions or timestamps)."""
    def strip(obj):
        spec = {k: v for k, v in obj["spec"].items() if k != "claimRef"}
        ref = obj["spec"].get("claimRef")
        if ref:
            spec["claimRef"] = {k: ref[k] for k in ("namespace", "name")}
        return obj["metadata"]["name"], spec, obj["status"]["phase"]
    return sorted(map(strip, cluster.find("persistentvolumes") + cluster.find("persistentvolumeclaims", "airflow")))


def test_run_killed_between_volumes_and_claims_then_rerun_equals_a_clean_converge(api, playbook, tmp_path):
    api.cluster.hold_on = ("POST", "persistentvolumeclaims")
    proc = playbook.start("volumes.yml")
    try:
        assert api.cluster.held.wait(240), "the run never reached the claims"
        assert len(api.cluster.find("persistentvolumes")) == 3
        assert api.cluster.find("persistentvolumeclaims", "airflow") == []
        os.killpg(proc.pid, signal.SIGKILL)
        assert proc.wait(30) == -signal.SIGKILL
    finally:
        api.cluster.hold_on = None
        api.cluster.release.set()
    rerun = playbook("volumes.yml")
    assert rerun.rc == 0, rerun
    assert_correct(api.cluster)

    clean = start_server(tmp_path)
    try:
        first = runner(clean, tmp_path)("volumes.yml")
        assert first.rc == 0, first
        assert objects(api.cluster) == objects(clean.cluster)
    finally:
        clean.stop()


def test_correct_binding_passes_and_changes_nothing(api, playbook):
    course_state(api.cluster, {n: n for n in NAMES})
    run = playbook("pv_binding.yml")
    assert run.rc == 0, run
    result = run.result("Check the bindings")
    assert result["ok"] is True and result["changed"] is False
    assert all(r["ok"] for r in result["bindings"])


@pytest.mark.parametrize("order", WRONG_ORDERS, ids=["-".join(o) for o in WRONG_ORDERS])
def test_each_misbinding_is_detected_then_repaired_without_losing_a_volume(api, playbook, order):
    wrong = dict(zip(NAMES, order))
    course_state(api.cluster, wrong)
    before = volumes(api.cluster)

    check = playbook("pv_binding.yml")
    assert check.rc != 0, check
    msg = check.result("Check the bindings")["msg"]
    for n in NAMES:
        expected = "claim airflow/{0} is bound to {1}, expected {2}".format(CLAIMS[n], VOLUMES[wrong[n]], VOLUMES[n])
        assert (expected in msg) == (wrong[n] != n), msg
    assert "repair: true" in msg

    repair = playbook("pv_binding.yml", repair=True)
    assert repair.rc == 0, repair
    assert repair.result("Check the bindings")["changed"] is True
    assert_correct(api.cluster)
    assert volumes(api.cluster) == before  # same volumes (same uids), same data paths

    again = playbook("pv_binding.yml", repair=True)
    assert again.rc == 0 and again.changed == 0, again


def test_seeded_binder_misbinds_like_the_course_and_the_role_repairs_it(api, playbook):
    seed = next(s for s in range(100) if _misbinds(s))
    api.cluster.seed = seed
    course_state(api.cluster)
    assert bindings(api.cluster) != {CLAIMS[n]: ("Bound", VOLUMES[n]) for n in NAMES}
    run = playbook("volumes.yml")
    assert run.rc == 0, run
    assert_correct(api.cluster)


def _misbinds(seed):
    from server import Cluster  # pylint: disable=import-outside-toplevel
    cluster = Cluster(seed)
    course_state(cluster)
    return any(vol != VOLUMES[c.split("-")[1]] for c, (_phase, vol) in bindings(cluster).items())


def test_repair_refuses_while_a_pod_mounts_an_affected_claim_unless_forced(api, playbook):
    course_state(api.cluster, {"dags": "logs", "logs": "dags", "data": "data"})
    api.cluster.create("pods", "airflow", {"metadata": {"name": "airflow-scheduler-0"}, "spec": {
        "containers": [{"name": "scheduler", "image": "apache/airflow"}],
        "volumes": [{"name": "dags", "persistentVolumeClaim": {"claimName": CLAIMS["dags"]}}]}})
    writes = list(api.cluster.writes)

    refused = playbook("pv_binding.yml", repair=True)
    assert refused.rc != 0, refused
    msg = refused.result("Check the bindings")["msg"]
    assert "refusing to repair while pods mount the affected claims" in msg
    assert "airflow/airflow-dags-claim is mounted by airflow-scheduler-0" in msg
    assert api.cluster.writes == writes

    forced = playbook("pv_binding.yml", repair=True, force=True)
    assert forced.rc == 0, forced
    assert_correct(api.cluster)
    assert api.cluster.find("pods", "airflow") == []


def test_check_mode_reports_the_repair_and_changes_nothing_on_the_server(api, playbook):
    course_state(api.cluster, {"dags": "data", "logs": "logs", "data": "dags"})
    state = bindings(api.cluster)
    run = playbook("pv_binding.yml", "--check", "--diff", repair=True)
    assert run.rc == 0, run
    result = run.result("Check the bindings")
    assert result["changed"] is True
    assert "delete claim airflow/airflow-dags-claim (its volume is kept: reclaim policy Retain)" in result["actions"]
    assert "create claim airflow/airflow-dags-claim pre-bound to airflow-dags-volume" in result["actions"]
    assert api.cluster.writes == []
    assert bindings(api.cluster) == state


def test_rendered_manifests_validate_against_the_kubernetes_schemas(playbook, tmp_path):
    run = playbook("render.yml", out_dir=str(tmp_path))
    assert run.rc == 0, run
    files = sorted(glob.glob(str(tmp_path / "*.yaml")))
    assert len(files) == 9
    for path in files:
        with open(path, encoding="utf-8") as handle:
            manifest = yaml.safe_load(handle)
        kubernetes_validate.validate(manifest, "1.33", strict=True)


def _rwx_claims(cluster, names, storage_class):
    cluster.create("namespaces", None, {"metadata": {"name": "airflow"}})
    for name in names:
        cluster.create("persistentvolumeclaims", "airflow", {
            "metadata": {"name": CLAIMS[name]},
            "spec": {"storageClassName": storage_class, "accessModes": ["ReadWriteMany"],
                     "resources": {"requests": {"storage": "1Gi"}}}})


def test_claims_on_provisioned_volumes_are_right_and_a_waiting_one_is_refused_before_any_change(api, playbook):
    # A shared cluster's NFS class: its provisioner makes a volume per claim (pvc-<uid>), named by nobody.
    api.cluster.provisioners.add("nfs-rwx")
    _rwx_claims(api.cluster, ["dags", "logs"], "nfs-rwx")
    wanted = [{"claim": CLAIMS[n], "namespace": "airflow", "storage_class": "nfs-rwx"} for n in ("dags", "logs")]
    run = playbook("pv_binding.yml", pv_bindings=wanted, repair=True)
    assert run.rc == 0 and run.changed == 0, run
    reports = run.result("Check the bindings")["bindings"]
    assert all(r["ok"] for r in reports) and all(r["volume"].startswith("pvc-") for r in reports), reports
    assert len({r["volume"] for r in reports}) == 2

    # A claim of a class without a provisioner waits for ever: reported in check mode, refused otherwise.
    api.cluster.create("persistentvolumeclaims", "airflow", {
        "metadata": {"name": CLAIMS["data"]},
        "spec": {"storageClassName": "no-such-class", "accessModes": ["ReadWriteMany"],
                 "resources": {"requests": {"storage": "1Gi"}}}})
    wanted.append({"claim": CLAIMS["data"], "namespace": "airflow", "storage_class": "no-such-class"})
    check = playbook("pv_binding.yml", "--check", pv_bindings=wanted, repair=True)
    assert check.rc == 0 and check.changed == 0, check
    assert [r["ok"] for r in check.result("Check the bindings")["bindings"]] == [True, True, False]
    writes = len(api.cluster.writes)
    refused = playbook("pv_binding.yml", pv_bindings=wanted, repair=True)
    assert refused.rc != 0, refused
    msg = refused.result("Check the bindings")["msg"]
    assert "claim airflow/{0} is Pending, not Bound (waiting for a volume of storage class no-such-class)".format(
        CLAIMS["data"]) in msg and "kubectl describe pvc" in msg and "repair: true" not in msg, msg
    assert len(api.cluster.writes) == writes

    # Both kinds in one call: a named volume and provisioned ones.
    both = {"claim": "x", "namespace": "airflow", "volume": "v", "storage_class": "nfs-rwx"}
    bad = playbook("pv_binding.yml", pv_bindings=[both])
    assert bad.rc != 0 and "mutually exclusive" in bad.result("Check the bindings")["msg"], bad
