"""Pure decisions of the pv_binding module."""
import pytest

from ansible_collections.dataeng.airflow_lab.plugins.module_utils._pv_binding import (
    PvBindingError,
    check_binding,
    claim_manifest,
    claims_in_use,
    describe,
    plan_repair,
    provisioning,
)

B = {"claim": "dags-claim", "namespace": "airflow", "volume": "dags-volume"}


def claim(name, volume=None, phase="Bound", uid=None):
    return {"metadata": {"name": name, "namespace": "airflow", "uid": uid or name + "-uid"},
            "spec": {"storageClassName": "manual", "accessModes": ["ReadWriteOnce"],
                     "resources": {"requests": {"storage": "1Gi"}}, "volumeName": volume},
            "status": {"phase": phase}}


def volume(name, claim_name=None, uid=None, phase="Bound", policy="Retain"):
    spec = {"storageClassName": "manual", "capacity": {"storage": "1Gi"}, "accessModes": ["ReadWriteOnce"],
            "persistentVolumeReclaimPolicy": policy}
    if claim_name:
        spec["claimRef"] = {"name": claim_name, "namespace": "airflow", "uid": uid}
    return {"metadata": {"name": name}, "spec": spec, "status": {"phase": phase}}


def test_correct_binding_is_ok():
    report = check_binding(B, claim("dags-claim", "dags-volume"), volume("dags-volume", "dags-claim", "dags-claim-uid"))
    assert report["ok"] and report["bound_to_expected"] and report["claim_ref_points_back"]
    assert report["problems"] == []


def test_prebound_volume_without_uid_points_back():
    report = check_binding(B, claim("dags-claim", "dags-volume"), volume("dags-volume", "dags-claim", None))
    assert report["claim_ref_points_back"]


def test_misbinding_names_both_sides():
    report = check_binding(B, claim("dags-claim", "logs-volume"), volume("dags-volume", "logs-claim", "logs-claim-uid"))
    assert not report["ok"]
    assert report["problems"] == [
        "claim airflow/dags-claim is bound to logs-volume, expected dags-volume",
        "volume dags-volume is bound to airflow/logs-claim",
    ]


@pytest.mark.parametrize("claim_obj,volume_obj,expected", [
    (None, volume("dags-volume", phase="Available"), "claim airflow/dags-claim does not exist"),
    (claim("dags-claim", None, phase="Pending"), volume("dags-volume", phase="Available"), "claim airflow/dags-claim is Pending, not Bound"),
    (claim("dags-claim", "dags-volume"), None, "volume dags-volume does not exist"),
    (claim("dags-claim", "dags-volume"), volume("dags-volume", "dags-claim", "old-uid"),
     "volume dags-volume still refers to an earlier airflow/dags-claim (stale uid)"),
    (claim("dags-claim", "dags-volume", phase="Pending"), volume("dags-volume", phase="Available"),
     "volume dags-volume is not claimed by anyone"),
])
def test_each_problem_is_named(claim_obj, volume_obj, expected):
    assert expected in check_binding(B, claim_obj, volume_obj)["problems"]


def test_swap_is_repaired_by_recreating_both_claims_and_reserving_both_volumes():
    bindings = [B, {"claim": "logs-claim", "namespace": "airflow", "volume": "logs-volume"}]
    claims = {("airflow", "dags-claim"): claim("dags-claim", "logs-volume"),
              ("airflow", "logs-claim"): claim("logs-claim", "dags-volume")}
    volumes = {"dags-volume": volume("dags-volume", "logs-claim", "logs-claim-uid"),
               "logs-volume": volume("logs-volume", "dags-claim", "dags-claim-uid")}
    actions = plan_repair(bindings, claims, volumes, pods=[])
    assert [a["action"] for a in actions] == [
        "delete_claim", "delete_claim", "reserve_volume", "reserve_volume", "create_claim", "create_claim"]
    assert actions[4]["definition"]["spec"]["volumeName"] == "dags-volume"
    assert all(a["action"] != "delete_volume" for a in actions)


def test_nothing_to_do_when_correct():
    claims = {("airflow", "dags-claim"): claim("dags-claim", "dags-volume")}
    volumes = {"dags-volume": volume("dags-volume", "dags-claim", "dags-claim-uid")}
    assert plan_repair([B], claims, volumes, pods=[]) == []


def test_claim_waiting_for_its_volume_keeps_the_claim_and_frees_the_volume():
    claims = {("airflow", "dags-claim"): claim("dags-claim", "dags-volume", phase="Pending")}
    volumes = {"dags-volume": volume("dags-volume", "gone-claim", "gone-uid", phase="Released")}
    actions = plan_repair([B], claims, volumes, pods=[])
    assert actions == [{"action": "reserve_volume", "name": "dags-volume",
                        "claim_ref": {"namespace": "airflow", "name": "dags-claim"}}]


def test_missing_volume_is_an_error_that_says_what_to_do():
    with pytest.raises(PvBindingError, match="volume.s. dags-volume do not exist. Create them first"):
        plan_repair([B], {("airflow", "dags-claim"): None}, {"dags-volume": None}, pods=[])


def test_pods_mounting_an_affected_claim_block_the_repair_unless_forced():
    claims = {("airflow", "dags-claim"): claim("dags-claim", "logs-volume")}
    volumes = {"dags-volume": volume("dags-volume", phase="Available")}
    pods = [{"metadata": {"name": "scheduler", "namespace": "airflow"},
             "spec": {"volumes": [{"persistentVolumeClaim": {"claimName": "dags-claim"}}]}}]
    with pytest.raises(PvBindingError, match="airflow/dags-claim is mounted by scheduler"):
        plan_repair([B], claims, volumes, pods)
    actions = plan_repair([B], claims, volumes, pods, force=True)
    assert actions[0] == {"action": "delete_pod", "namespace": "airflow", "name": "scheduler"}


def test_claims_in_use_ignores_other_namespaces():
    pods = [{"metadata": {"name": "p", "namespace": "other"},
             "spec": {"volumes": [{"persistentVolumeClaim": {"claimName": "dags-claim"}}]}}]
    assert claims_in_use(pods, "airflow", {"dags-claim"}) == {}


def test_recreated_claim_copies_the_old_spec_or_the_volume():
    from_claim = claim_manifest(B, claim("dags-claim", "logs-volume"), volume("dags-volume"))
    assert from_claim["spec"]["resources"] == {"requests": {"storage": "1Gi"}}
    assert from_claim["spec"]["volumeName"] == "dags-volume"
    from_volume = claim_manifest(B, None, volume("dags-volume"))
    assert from_volume["spec"]["storageClassName"] == "manual"
    assert from_volume["spec"]["resources"] == {"requests": {"storage": "1Gi"}}


def test_describe_every_action():
    assert describe({"action": "delete_pod", "namespace": "a", "name": "p"}) == "delete pod a/p"
    assert "kept" in describe({"action": "delete_claim", "namespace": "a", "name": "c"})
    assert describe({"action": "reserve_volume", "name": "v", "claim_ref": {"namespace": "a", "name": "c"}}) == \
        "point volume v's claimRef at a/c"


# A storage class whose provisioner makes the volumes (a shared cluster): any volume of that class that points back
# at the claim is its own.
P = {"claim": "dags-claim", "namespace": "airflow", "storage_class": "nfs-rwx"}


def provisioned(name, claim_name="dags-claim", uid="dags-claim-uid", cls="nfs-rwx"):
    found = volume(name, claim_name, uid, policy="Delete")
    found["spec"]["storageClassName"] = cls
    return found


def rwx_claim(volume_name=None, phase="Bound", cls="nfs-rwx"):
    found = claim("dags-claim", volume_name, phase)
    found["spec"]["storageClassName"] = cls
    return found


def test_a_claim_bound_to_a_provisioned_volume_of_its_class_is_right_whatever_its_name():
    report = check_binding(P, rwx_claim("pvc-1234"), provisioned("pvc-1234"))
    assert report["ok"] and report["bound_to_expected"], report
    assert (report["volume"], report["storage_class"]) == ("pvc-1234", "nfs-rwx")
    assert check_binding(B, claim("dags-claim", "dags-volume"), volume("dags-volume", "dags-claim"))["storage_class"] is None


@pytest.mark.parametrize("claim_obj,volume_obj,expected", [
    (None, None, ["claim airflow/dags-claim does not exist"]),
    (rwx_claim(None, "Pending"), None,
     ["claim airflow/dags-claim is Pending, not Bound (waiting for a volume of storage class nfs-rwx)"]),
    (rwx_claim("pvc-1", cls="standard"), provisioned("pvc-1", cls="standard"),
     ["claim airflow/dags-claim asks for storage class standard, expected nfs-rwx",
      "claim airflow/dags-claim is bound to pvc-1, of storage class standard, expected a volume of storage class nfs-rwx"]),
    (rwx_claim("pvc-1"), None, ["volume pvc-1 (of claim airflow/dags-claim) does not exist"]),
    (rwx_claim("pvc-1"), provisioned("pvc-1", "logs-claim", "logs-claim-uid"),
     ["volume pvc-1 is bound to airflow/logs-claim"]),
])
def test_each_problem_of_a_provisioned_claim_is_named(claim_obj, volume_obj, expected):
    assert check_binding(P, claim_obj, volume_obj)["problems"] == expected


def test_provisioned_bindings_are_left_to_their_provisioner_by_the_repair():
    claims = {("airflow", "dags-claim"): rwx_claim(None, "Pending"), ("airflow", "logs-claim"): claim("logs-claim", "dags-volume")}
    volumes = {"logs-volume": volume("logs-volume"), "dags-volume": volume("dags-volume", "logs-claim", "logs-claim-uid")}
    logs = {"claim": "logs-claim", "namespace": "airflow", "volume": "logs-volume"}
    actions = plan_repair([P, logs], claims, volumes, [])
    assert [(a["action"], a.get("name")) for a in actions] == [
        ("delete_claim", "logs-claim"), ("reserve_volume", "logs-volume"), ("create_claim", "logs-claim")]


def test_provisioning_lists_the_pending_claims_of_their_class_only():
    def claim(name, klass, phase):
        return {"metadata": {"name": name, "namespace": "airflow"}, "spec": {"storageClassName": klass},
                "status": {"phase": phase} if phase else {}}
    bindings = [{"claim": c, "namespace": "airflow", "storage_class": "rwx"} for c in ("a", "b", "c", "d", "e")]
    bindings.append({"claim": "f", "namespace": "airflow", "volume": "v"})
    claims = {("airflow", "a"): claim("a", "rwx", "Pending"), ("airflow", "b"): claim("b", "rwx", None),
              ("airflow", "c"): claim("c", "rwx", "Bound"), ("airflow", "d"): claim("d", "other", "Pending"),
              ("airflow", "e"): None, ("airflow", "f"): claim("f", "manual", "Pending")}
    assert [b["claim"] for b in provisioning(bindings, claims)] == ["a", "b"]
