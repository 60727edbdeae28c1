"""Pure decisions of the pv_binding module.

Every object reaches these functions as the module gets it: parsed from JSON (the API's answers, the module's
parameters). api() does the same to the tests' objects, so that a comparison by identity (`is`) where the code needs
equality fails here as it would there (literals in one file are the same object; parsed strings are not)."""
import json

import pytest

from ansible_collections.dataeng.airflow_lab.plugins.module_utils._pv_binding import (
    PvBindingError,
    check_binding,
    claim_manifest,
    claims_in_use,
    describe,
    plan_repair,
    provisioning,
    volume_name,
)


def api(obj):
    """obj as the module would get it: through JSON."""
    return json.loads(json.dumps(obj))


B = api({"claim": "dags-claim", "namespace": "airflow", "volume": "dags-volume"})


def claim(name, volume=None, phase="Bound", uid=None):
    return api({"metadata": {"name": name, "namespace": "airflow", "uid": uid or name + "-uid"},
                "spec": {"storageClassName": "manual", "accessModes": ["ReadWriteOnce"],
                         "resources": {"requests": {"storage": "1Gi"}}, "volumeName": volume},
                "status": {"phase": phase}})


def volume(name, claim_name=None, uid=None, phase="Bound", policy="Retain"):
    spec = {"storageClassName": "manual", "capacity": {"storage": "1Gi"}, "accessModes": ["ReadWriteOnce"],
            "persistentVolumeReclaimPolicy": policy}
    if claim_name:
        spec["claimRef"] = {"name": claim_name, "namespace": "airflow", "uid": uid}
    return api({"metadata": {"name": name}, "spec": spec, "status": {"phase": phase}})


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
P = api({"claim": "dags-claim", "namespace": "airflow", "storage_class": "nfs-rwx"})


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
        return api({"metadata": {"name": name, "namespace": "airflow"}, "spec": {"storageClassName": klass},
                    "status": {"phase": phase} if phase else {}})
    bindings = api([{"claim": c, "namespace": "airflow", "storage_class": "rwx"} for c in ("a", "b", "c", "d", "e")])
    bindings.append({"claim": "f", "namespace": "airflow", "volume": "v"})
    claims = {("airflow", "a"): claim("a", "rwx", "Pending"), ("airflow", "b"): claim("b", "rwx", None),
              ("airflow", "c"): claim("c", "rwx", "Bound"), ("airflow", "d"): claim("d", "other", "Pending"),
              ("airflow", "e"): None, ("airflow", "f"): claim("f", "manual", "Pending")}
    assert [b["claim"] for b in provisioning(bindings, claims)] == ["a", "b"]


# Cases the mutation run (make mutation) found unguarded. Names that sort before and after the expected one: a check
# written as an ordering (<, >=) instead of (in)equality passes on one side only.

def test_the_report_of_a_right_binding_has_each_field_as_the_api_says():
    report = check_binding(B, claim("dags-claim", "dags-volume"), volume("dags-volume", "dags-claim", "dags-claim-uid"))
    assert report == {
        "claim": "dags-claim", "namespace": "airflow", "volume": "dags-volume", "storage_class": None,
        "claim_exists": True, "claim_phase": "Bound", "claim_bound": True, "bound_volume": "dags-volume",
        "bound_to_expected": True, "volume_exists": True, "volume_phase": "Bound",
        "volume_claim_ref": "airflow/dags-claim", "claim_ref_points_back": True, "ok": True, "problems": []}


def test_the_report_without_claim_or_volume_says_none():
    report = check_binding(B, None, None)
    assert (report["claim_exists"], report["claim_phase"], report["claim_bound"], report["bound_volume"]) == \
        (False, None, False, None)
    assert (report["volume_exists"], report["volume_phase"], report["volume_claim_ref"]) == (False, None, None)
    assert report["bound_to_expected"] is False


@pytest.mark.parametrize("other", ["aaa-volume", "zzz-volume"])
def test_a_claim_bound_to_another_volume_is_not_bound_to_the_expected_one(other):
    report = check_binding(B, claim("dags-claim", other), volume("dags-volume", "dags-claim", "dags-claim-uid"))
    assert report["problems"] == ["claim airflow/dags-claim is bound to {0}, expected dags-volume".format(other)]
    assert report["bound_to_expected"] is False and report["claim_bound"] is True


@pytest.mark.parametrize("holder", ["aaa-claim", "zzz-claim"])
def test_a_volume_bound_to_another_claim_is_named_as_such_not_as_a_stale_uid(holder):
    report = check_binding(B, claim("dags-claim", "dags-volume", phase="Pending"),
                           volume("dags-volume", holder, holder + "-uid"))
    assert "volume dags-volume is bound to airflow/{0}".format(holder) in report["problems"]


@pytest.mark.parametrize("cls", ["aaa-class", "zzz-class"])
def test_a_provisioned_claim_or_volume_of_another_class_is_wrong_whichever_way_the_names_sort(cls):
    report = check_binding(P, rwx_claim("pvc-1", cls=cls), provisioned("pvc-1", cls=cls))
    assert report["problems"] == [
        "claim airflow/dags-claim asks for storage class {0}, expected nfs-rwx".format(cls),
        "claim airflow/dags-claim is bound to pvc-1, of storage class {0}, expected a volume of storage class nfs-rwx"
        .format(cls)]
    assert report["bound_to_expected"] is False
    # Only the volume of another class: the claim asks for the right one.
    report = check_binding(P, rwx_claim("pvc-1"), provisioned("pvc-1", cls=cls))
    assert report["bound_to_expected"] is False and not report["ok"]


@pytest.mark.parametrize("phase,text", [(None, "without a phase"), ("Lost", "Lost"), ("Available", "Available")])
def test_a_provisioned_claim_in_any_other_phase_is_not_bound(phase, text):
    found = rwx_claim("pvc-1")
    found["status"] = {"phase": phase} if phase else {}
    report = check_binding(P, found, provisioned("pvc-1"))
    assert report["problems"] == [
        "claim airflow/dags-claim is {0}, not Bound (waiting for a volume of storage class nfs-rwx)".format(text)]
    assert report["bound_to_expected"] is False and report["claim_bound"] is False


def test_a_provisioned_volume_that_points_at_another_claim_is_not_bound_to_expected():
    report = check_binding(P, rwx_claim("pvc-1"), provisioned("pvc-1", "logs-claim", "logs-claim-uid"))
    assert report["bound_to_expected"] is False and report["claim_ref_points_back"] is False


@pytest.mark.parametrize("namespace", ["aaa", "zzz"])
def test_a_volume_that_points_at_the_claim_of_that_name_in_another_namespace_does_not_point_back(namespace):
    found = volume("dags-volume", "dags-claim", "dags-claim-uid")
    found["spec"]["claimRef"]["namespace"] = namespace
    report = check_binding(B, claim("dags-claim", "dags-volume"), found)
    assert report["claim_ref_points_back"] is False
    assert report["problems"] == ["volume dags-volume is bound to {0}/dags-claim".format(namespace)]


def test_a_volume_prebound_to_another_claim_without_uid_does_not_point_back():
    report = check_binding(B, claim("dags-claim", "dags-volume"), volume("dags-volume", "logs-claim", None))
    assert report["claim_ref_points_back"] is False
    assert report["problems"] == ["volume dags-volume is bound to airflow/logs-claim"]


def test_a_claim_without_a_phase_yet_is_not_bound():
    found = claim("dags-claim", "dags-volume")
    found["status"] = {}
    report = check_binding(B, found, volume("dags-volume", "dags-claim", "dags-claim-uid"))
    assert report["problems"] == ["claim airflow/dags-claim is without a phase (waiting for dags-volume), not Bound"]
    assert report["bound_to_expected"] is False


def test_the_volume_of_a_binding_is_the_one_it_names_else_the_one_its_claim_is_bound_to():
    assert volume_name(B, claim("dags-claim", "logs-volume")) == "dags-volume"
    assert volume_name(P, rwx_claim("pvc-1")) == "pvc-1"
    assert volume_name(P, rwx_claim(None, "Pending")) is None
    assert volume_name(P, None) is None


def test_provisioning_leaves_out_a_pending_claim_of_a_class_that_sorts_after_its_own():
    bindings = [api({"claim": "a", "namespace": "airflow", "storage_class": "rwx"})]
    claims = {("airflow", "a"): api({"metadata": {"name": "a"}, "spec": {"storageClassName": "zzz"},
                                     "status": {"phase": "Pending"}})}
    assert provisioning(bindings, claims) == []


@pytest.mark.parametrize("namespace", ["aaa", "zzz"])
def test_claims_in_use_counts_the_namespace_asked_for_only(namespace):
    pods = api([{"metadata": {"name": "p", "namespace": namespace},
                 "spec": {"volumes": [{"persistentVolumeClaim": {"claimName": "dags-claim"}}]}}])
    assert claims_in_use(pods, "airflow", {"dags-claim"}) == {}
    assert claims_in_use(pods, namespace, {"dags-claim"}) == {"dags-claim": ["p"]}
    # A pod of another namespace first does not hide the next ones.
    pods.append(api({"metadata": {"name": "q", "namespace": "airflow"},
                     "spec": {"volumes": [{"persistentVolumeClaim": {"claimName": "dags-claim"}}]}}))
    assert claims_in_use(pods, "airflow", {"dags-claim"}) == {"dags-claim": ["q"]}


def test_a_recreated_claim_keeps_the_old_labels_and_takes_the_volume_s_size():
    old = claim("dags-claim", "logs-volume")
    old["metadata"]["labels"] = {"app": "airflow"}
    assert claim_manifest(B, old, volume("dags-volume"))["metadata"] == {
        "name": "dags-claim", "namespace": "airflow", "labels": {"app": "airflow"}}
    assert claim_manifest(B, claim("dags-claim"), volume("dags-volume"))["metadata"] == {
        "name": "dags-claim", "namespace": "airflow"}
    big = volume("dags-volume")
    big["spec"]["capacity"]["storage"] = "5Gi"
    assert claim_manifest(B, None, big)["spec"]["resources"] == {"requests": {"storage": "5Gi"}}
    del big["spec"]["capacity"]
    assert claim_manifest(B, None, big)["spec"]["resources"] == {"requests": {"storage": "1Gi"}}


def test_a_recreated_claim_s_access_modes_come_from_the_old_claim_else_the_volume_else_read_write_once():
    old = claim("dags-claim", "logs-volume")
    old["spec"]["accessModes"] = ["ReadWriteMany"]
    shared = volume("dags-volume")
    shared["spec"]["accessModes"] = ["ReadOnlyMany"]
    assert claim_manifest(B, old, shared)["spec"]["accessModes"] == ["ReadWriteMany"]
    assert claim_manifest(B, None, shared)["spec"]["accessModes"] == ["ReadOnlyMany"]
    del shared["spec"]["accessModes"]
    assert claim_manifest(B, None, shared)["spec"]["accessModes"] == ["ReadWriteOnce"]


@pytest.mark.parametrize("holder", ["aaa-claim", "zzz-claim"])
def test_pods_of_the_claim_that_holds_the_volume_block_the_repair(holder):
    claims = {("airflow", "dags-claim"): claim("dags-claim", None, phase="Pending"),
              ("airflow", holder): claim(holder, "dags-volume")}
    volumes = {"dags-volume": volume("dags-volume", holder, holder + "-uid")}
    pods = api([{"metadata": {"name": "worker", "namespace": "airflow"},
                 "spec": {"volumes": [{"persistentVolumeClaim": {"claimName": holder}}]}}])
    with pytest.raises(PvBindingError, match="airflow/{0} is mounted by worker".format(holder)):
        plan_repair([B], claims, volumes, pods)


def test_a_holder_without_a_namespace_is_in_default_and_its_pods_block_the_repair():
    claims = {("airflow", "dags-claim"): claim("dags-claim", None, phase="Pending")}
    held = volume("dags-volume", "old-claim", "old-claim-uid")
    del held["spec"]["claimRef"]["namespace"]
    pods = api([{"metadata": {"name": "worker", "namespace": "default"},
                 "spec": {"volumes": [{"persistentVolumeClaim": {"claimName": "old-claim"}}]}}])
    with pytest.raises(PvBindingError, match="default/old-claim is mounted by worker"):
        plan_repair([B], claims, {"dags-volume": held}, pods)


def test_a_volume_prebound_to_another_claim_is_pointed_at_ours():
    claims = {("airflow", "dags-claim"): claim("dags-claim", "dags-volume", phase="Pending")}
    volumes = {"dags-volume": volume("dags-volume", "logs-claim", None, phase="Available")}
    assert plan_repair([B], claims, volumes, []) == [
        {"action": "reserve_volume", "name": "dags-volume", "claim_ref": {"namespace": "airflow", "name": "dags-claim"}}]


@pytest.mark.parametrize("namespace", ["aaa", "zzz"])
def test_a_volume_prebound_to_our_claim_s_name_in_another_namespace_is_pointed_at_ours(namespace):
    claims = {("airflow", "dags-claim"): claim("dags-claim", "dags-volume", phase="Pending")}
    held = volume("dags-volume", "dags-claim", None, phase="Available")
    held["spec"]["claimRef"]["namespace"] = namespace
    assert plan_repair([B], claims, {"dags-volume": held}, []) == [
        {"action": "reserve_volume", "name": "dags-volume", "claim_ref": {"namespace": "airflow", "name": "dags-claim"}}]


def test_a_claim_bound_elsewhere_whose_volume_is_prebound_to_it_without_uid_is_recreated_only():
    claims = {("airflow", "dags-claim"): claim("dags-claim", "logs-volume")}
    volumes = {"dags-volume": volume("dags-volume", "dags-claim", None, phase="Available")}
    assert [a["action"] for a in plan_repair([B], claims, volumes, [])] == ["delete_claim", "create_claim"]


def test_a_recreated_claim_s_volume_loses_the_old_uid_even_when_it_matched():
    # The volume points at this very claim, uid and all, but the claim is bound elsewhere: the new claim has a new uid.
    claims = {("airflow", "dags-claim"): claim("dags-claim", "logs-volume")}
    volumes = {"dags-volume": volume("dags-volume", "dags-claim", "dags-claim-uid", phase="Released")}
    assert [a["action"] for a in plan_repair([B], claims, volumes, [])] == [
        "delete_claim", "reserve_volume", "create_claim"]


def test_a_claim_waiting_for_the_volume_that_points_back_at_it_needs_nothing():
    claims = {("airflow", "dags-claim"): claim("dags-claim", "dags-volume", phase="Pending")}
    volumes = {"dags-volume": volume("dags-volume", "dags-claim", "dags-claim-uid", phase="Available")}
    report = check_binding(B, claims[("airflow", "dags-claim")], volumes["dags-volume"])
    assert not report["ok"] and report["bound_to_expected"] is False
    assert plan_repair([B], claims, volumes, []) == []


def test_pods_waiting_on_our_own_claim_do_not_block_clearing_its_volume_s_stale_uid():
    claims = {("airflow", "dags-claim"): claim("dags-claim", "dags-volume", phase="Pending")}
    volumes = {"dags-volume": volume("dags-volume", "dags-claim", "old-uid", phase="Released")}
    pods = api([{"metadata": {"name": "scheduler", "namespace": "airflow"},
                 "spec": {"volumes": [{"persistentVolumeClaim": {"claimName": "dags-claim"}}]}}])
    assert plan_repair([B], claims, volumes, pods) == [
        {"action": "reserve_volume", "name": "dags-volume", "claim_ref": {"namespace": "airflow", "name": "dags-claim"}}]


@pytest.mark.parametrize("old_uid", ["000-old-uid", "zzz-old-uid"])
def test_a_stale_uid_is_cleared_whichever_way_it_sorts(old_uid):
    claims = {("airflow", "dags-claim"): claim("dags-claim", "dags-volume", phase="Pending")}
    volumes = {"dags-volume": volume("dags-volume", "dags-claim", old_uid, phase="Released")}
    assert plan_repair([B], claims, volumes, []) == [
        {"action": "reserve_volume", "name": "dags-volume", "claim_ref": {"namespace": "airflow", "name": "dags-claim"}}]


def test_describe_every_action_as_the_module_gets_it():
    assert describe(api({"action": "delete_pod", "namespace": "a", "name": "p"})) == "delete pod a/p"
    assert describe(api({"action": "reserve_volume", "name": "v", "claim_ref": {"namespace": "a", "name": "c"}})) == \
        "point volume v's claimRef at a/c"
    assert describe(api({"action": "delete_claim", "namespace": "a", "name": "c"})) == \
        "delete claim a/c (its volume is kept: reclaim policy Retain)"
    assert describe(api({"action": "create_claim", "namespace": "a", "name": "c",
                         "definition": {"spec": {"volumeName": "v"}}})) == "create claim a/c pre-bound to v"
