# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dataeng lab maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Decisions of the pv_binding module, on plain dicts (Kubernetes objects as JSON).

Note that this module util is **PRIVATE** to the collection. It can have breaking changes at any time.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class PvBindingError(Exception):
    """A binding cannot be repaired as asked; the message says what to do."""


def _get(obj, *path):
    for key in path:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    return obj


def claim_ref_text(volume):
    ref = _get(volume, "spec", "claimRef") or {}
    if not ref.get("name"):
        return None
    return "{0}/{1}".format(ref.get("namespace") or "default", ref["name"])


def volume_name(binding, claim):
    """The volume a binding is about: the one it names or, for a storage class (a provisioner makes the volumes),
    the one the claim is bound to (None while it is not)."""
    return binding.get("volume") or (_get(claim, "spec", "volumeName") if claim else None)


def _points_back(binding, claim, volume):
    ref = _get(volume, "spec", "claimRef") or {}
    return bool(
        volume and claim and ref.get("name") == binding["claim"]
        and (ref.get("namespace") or "default") == binding["namespace"]
        and ref.get("uid") in (None, _get(claim, "metadata", "uid"))
    )


def _check_provisioned(binding, claim, volume):
    """A claim whose volume a provisioner makes (binding {claim, namespace, storage_class}): right when it is Bound
    to a volume of that class that points back at it. Any such volume is its own: a provisioner makes one per claim."""
    want_claim = "{0}/{1}".format(binding["namespace"], binding["claim"])
    wanted_class = binding["storage_class"]
    bound_volume = _get(claim, "spec", "volumeName") if claim else None
    claim_phase = _get(claim, "status", "phase") if claim else None
    claim_class = _get(claim, "spec", "storageClassName") if claim else None
    volume_class = _get(volume, "spec", "storageClassName") if volume else None
    ref_points_back = _points_back(binding, claim, volume)
    problems = []
    if claim is None:
        problems.append("claim {0} does not exist".format(want_claim))
    else:
        if claim_class != wanted_class:
            problems.append("claim {0} asks for storage class {1}, expected {2}".format(
                want_claim, claim_class or "(none)", wanted_class))
        if claim_phase != "Bound":
            problems.append("claim {0} is {1}, not Bound (waiting for a volume of storage class {2})".format(
                want_claim, claim_phase or "without a phase", wanted_class))
    if bound_volume and volume is None:
        problems.append("volume {0} (of claim {1}) does not exist".format(bound_volume, want_claim))
    elif volume is not None:
        if volume_class != wanted_class:
            problems.append("claim {0} is bound to {1}, of storage class {2}, expected a volume of storage class {3}".format(
                want_claim, bound_volume, volume_class or "(none)", wanted_class))
        if not ref_points_back:
            problems.append("volume {0} is bound to {1}".format(bound_volume, claim_ref_text(volume) or "no claim"))
    bound = claim_phase == "Bound" and volume is not None and volume_class == wanted_class and ref_points_back
    return _report(binding, claim, volume, bound_volume, wanted_class, bound, ref_points_back, problems)


def provisioning(bindings, claims):
    """The provisioned bindings whose claim asks for their class and is Pending: its provisioner has yet to make the
    volume (it takes a moment after the claim is created). claims: {(namespace, name): claim or None}."""
    return [b for b in bindings if b.get("storage_class") and claims.get((b["namespace"], b["claim"])) is not None
            and _get(claims[(b["namespace"], b["claim"])], "spec", "storageClassName") == b["storage_class"]
            and _get(claims[(b["namespace"], b["claim"])], "status", "phase") in (None, "Pending")]


def _report(binding, claim, volume, volume_name, storage_class, bound_to_expected, ref_points_back, problems):
    """What check_binding returns for one binding (see the module's RETURN)."""
    claim_phase = _get(claim, "status", "phase") if claim else None
    return {
        "claim": binding["claim"],
        "namespace": binding["namespace"],
        "volume": volume_name,
        "storage_class": storage_class,
        "claim_exists": claim is not None,
        "claim_phase": claim_phase,
        "claim_bound": claim_phase == "Bound",
        "bound_volume": _get(claim, "spec", "volumeName") if claim else None,
        "bound_to_expected": bound_to_expected,
        "volume_exists": volume is not None,
        "volume_phase": _get(volume, "status", "phase") if volume else None,
        "volume_claim_ref": claim_ref_text(volume) if volume else None,
        "claim_ref_points_back": ref_points_back,
        "ok": not problems,
        "problems": problems,
    }


def check_binding(binding, claim, volume):
    """Report on one wanted binding {claim, namespace, volume} (or {claim, namespace, storage_class}, see
    _check_provisioned) given the live objects (or None)."""
    if not binding.get("volume"):
        return _check_provisioned(binding, claim, volume)
    want_claim = "{0}/{1}".format(binding["namespace"], binding["claim"])
    bound_volume = _get(claim, "spec", "volumeName") if claim else None
    claim_phase = _get(claim, "status", "phase") if claim else None
    ref = _get(volume, "spec", "claimRef") or {}
    ref_points_back = _points_back(binding, claim, volume)
    problems = []
    if claim is None:
        problems.append("claim {0} does not exist".format(want_claim))
    elif claim_phase != "Bound":
        problems.append("claim {0} is {1}{2}, not Bound".format(
            want_claim, claim_phase or "without a phase",
            " (waiting for {0})".format(bound_volume) if bound_volume else ""))
    if claim is not None and bound_volume and bound_volume != binding["volume"]:
        problems.append("claim {0} is bound to {1}, expected {2}".format(want_claim, bound_volume, binding["volume"]))
    if volume is None:
        problems.append("volume {0} does not exist".format(binding["volume"]))
    elif not ref_points_back:
        if not ref.get("name"):
            problems.append("volume {0} is not claimed by anyone".format(binding["volume"]))
        elif claim_ref_text(volume) == want_claim:
            problems.append("volume {0} still refers to an earlier {1} (stale uid)".format(binding["volume"], want_claim))
        else:
            problems.append("volume {0} is bound to {1}".format(binding["volume"], claim_ref_text(volume)))
    return _report(binding, claim, volume, binding["volume"], None,
                   claim_phase == "Bound" and bound_volume == binding["volume"], ref_points_back, problems)


def claims_in_use(pods, namespace, claim_names):
    """{claim name: [pod names]} for the pods in namespace that mount one of claim_names."""
    used = {}
    for pod in pods:
        if _get(pod, "metadata", "namespace") != namespace:
            continue
        for volume in _get(pod, "spec", "volumes") or []:
            name = _get(volume, "persistentVolumeClaim", "claimName")
            if name in claim_names:
                used.setdefault(name, []).append(_get(pod, "metadata", "name"))
    return used


def claim_manifest(binding, old_claim, volume):
    """The claim to create, pre-bound to its volume; its spec comes from the old claim, else the volume."""
    old_spec = _get(old_claim, "spec") or {}
    vol_spec = _get(volume, "spec") or {}
    metadata = {"name": binding["claim"], "namespace": binding["namespace"]}
    labels = _get(old_claim, "metadata", "labels")
    if labels:
        metadata["labels"] = labels
    return {
        "apiVersion": "v1",
        "kind": "PersistentVolumeClaim",
        "metadata": metadata,
        "spec": {
            "storageClassName": old_spec.get("storageClassName", vol_spec.get("storageClassName", "")),
            "accessModes": old_spec.get("accessModes") or vol_spec.get("accessModes") or ["ReadWriteOnce"],
            "resources": old_spec.get("resources") or {"requests": {"storage": _get(vol_spec, "capacity", "storage") or "1Gi"}},
            "volumeName": binding["volume"],
        },
    }


def plan_repair(bindings, claims, volumes, pods, force=False):
    """The ordered actions that bind every claim to its own volume, losing nothing.

    claims: {(namespace, name): claim or None}; volumes: {name: volume or None}; pods: list.
    Never deletes a volume. Returns a list of action dicts; raises PvBindingError when the
    repair is unsafe or impossible. Bindings to a storage class are not repaired here (a provisioner makes their
    volumes): they are left out.
    """
    bindings = [b for b in bindings if b.get("volume")]
    reports = [check_binding(b, claims.get((b["namespace"], b["claim"])), volumes.get(b["volume"])) for b in bindings]
    broken = [(b, r) for b, r in zip(bindings, reports) if not r["ok"]]
    missing = sorted({b["volume"] for b, r in broken if not r["volume_exists"]})
    if missing:
        raise PvBindingError(
            "cannot repair: volume(s) {0} do not exist. Create them first (the dataeng.airflow_lab.volumes role does); "
            "pv_binding never creates or deletes volumes.".format(", ".join(missing)))

    recreate = []
    for binding, report in broken:
        claim = claims.get((binding["namespace"], binding["claim"]))
        if claim is not None and _get(claim, "spec", "volumeName") != binding["volume"]:
            recreate.append(binding)

    # The claims whose pods would lose their volume: the ones recreated, and the current holders
    # of the volumes being taken back.
    affected = {}
    for binding, report in broken:
        volume = volumes[binding["volume"]]
        ref = _get(volume, "spec", "claimRef") or {}
        if ref.get("name") and (ref.get("name"), ref.get("namespace")) != (binding["claim"], binding["namespace"]):
            affected.setdefault(ref.get("namespace") or "default", set()).add(ref["name"])
    for binding in recreate:
        affected.setdefault(binding["namespace"], set()).add(binding["claim"])
    users = {}
    for namespace, names in sorted(affected.items()):
        for claim_name, pod_names in sorted(claims_in_use(pods, namespace, names).items()):
            users["{0}/{1}".format(namespace, claim_name)] = sorted(pod_names)
    if users and not force:
        raise PvBindingError(
            "refusing to repair while pods mount the affected claims: {0}. Stop those workloads (for example scale the "
            "Airflow deployments to 0) and run again, or set force: true to delete those pods.".format(
                "; ".join("{0} is mounted by {1}".format(c, ", ".join(p)) for c, p in sorted(users.items()))))

    actions = []
    for claim_text, pod_names in sorted(users.items()):
        namespace = claim_text.split("/", 1)[0]
        for pod in pod_names:
            actions.append({"action": "delete_pod", "namespace": namespace, "name": pod})
    for binding in recreate:
        actions.append({"action": "delete_claim", "namespace": binding["namespace"], "name": binding["claim"]})
    recreated = {(b["namespace"], b["claim"]) for b in recreate}
    for binding, report in broken:
        volume = volumes[binding["volume"]]
        ref = _get(volume, "spec", "claimRef") or {}
        claim = claims.get((binding["namespace"], binding["claim"]))
        same_claim = ref.get("name") == binding["claim"] and (ref.get("namespace") or "default") == binding["namespace"]
        stale_uid = ref.get("uid") and (
            (binding["namespace"], binding["claim"]) in recreated or claim is None
            or ref.get("uid") != _get(claim, "metadata", "uid"))
        if not same_claim or stale_uid:
            actions.append({"action": "reserve_volume", "name": binding["volume"],
                            "claim_ref": {"namespace": binding["namespace"], "name": binding["claim"]}})
    for binding, report in broken:
        key = (binding["namespace"], binding["claim"])
        if key in recreated or claims.get(key) is None:
            actions.append({"action": "create_claim", "namespace": binding["namespace"], "name": binding["claim"],
                            "definition": claim_manifest(binding, claims.get(key), volumes[binding["volume"]])})
    return actions


def describe(action):
    """One line for the module's output and diff."""
    kind = action["action"]
    if kind == "delete_pod":
        return "delete pod {namespace}/{name}".format(**action)
    if kind == "delete_claim":
        return "delete claim {namespace}/{name} (its volume is kept: reclaim policy Retain)".format(**action)
    if kind == "reserve_volume":
        return "point volume {0}'s claimRef at {1}/{2}".format(
            action["name"], action["claim_ref"]["namespace"], action["claim_ref"]["name"])
    return "create claim {namespace}/{name} pre-bound to {volume}".format(
        volume=action["definition"]["spec"]["volumeName"], **action)
