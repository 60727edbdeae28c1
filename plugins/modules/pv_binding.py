#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dataeng lab maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: pv_binding
short_description: Verify, and on request repair, that each PersistentVolumeClaim is bound to the volume meant for it
version_added: 0.1.0
author: dataeng lab maintainers (@dataeng)
description:
  - Several identical PersistentVolumes (same storage class, size and access modes) let Kubernetes bind a claim to
    any of them, so C(airflow-dags-claim) may end up on the logs volume.
  - For each wanted binding this module reports whether the claim exists and is Bound, whether it is bound to the
    expected volume, and whether that volume's C(claimRef) points back at the claim.
  - Without O(repair) a wrong binding fails the task with a message that names every problem.
  - With O(repair=true) it fixes the bindings without losing data. It never deletes a volume; it deletes and recreates
    wrongly bound claims pre-bound to their volume (C(spec.volumeName)), points each volume's C(claimRef) at its claim
    (clearing a stale one so the volume becomes Available to that claim only), and waits until every claim is Bound.
  - Volumes must use the V(Retain) reclaim policy for a repair to keep their data; the module refuses otherwise.
  - On a shared cluster a StorageClass's provisioner may make the volumes (NFS, a cloud disk). A binding that names
    O(bindings[].storage_class) instead of O(bindings[].volume) is right when the claim is Bound to a volume of that
    class that points back at it, whatever its name (a provisioner makes one volume per claim, so any is the claim's
    own); such bindings are checked, never repaired, and a wrong one fails the task with its problems, also with
    O(repair) (in check mode they are reported).
extends_documentation_fragment:
  - kubernetes.core.k8s_auth_options
  - dataeng.airflow_lab.attributes
  - dataeng.airflow_lab.attributes.changes
options:
  bindings:
    description:
      - The wanted bindings.
    type: list
    elements: dict
    required: true
    suboptions:
      claim:
        description: Name of the PersistentVolumeClaim.
        type: str
        required: true
      namespace:
        description: Namespace of the claim.
        type: str
        required: true
      volume:
        description:
          - Name of the PersistentVolume the claim must be bound to.
          - Exactly one of O(bindings[].volume) and O(bindings[].storage_class) is required.
        type: str
      storage_class:
        description:
          - The StorageClass whose provisioner makes the claim's volume; the claim must be Bound to a volume of that
            class that points back at it.
        type: str
  repair:
    description:
      - Fix the bindings that are wrong instead of failing.
    type: bool
    default: false
  force:
    description:
      - With O(repair), delete the pods that mount an affected claim instead of refusing.
      - Their controllers (Deployments, StatefulSets) start them again once the claims are bound.
    type: bool
    default: false
  wait_timeout:
    description:
      - Seconds to wait for claims to be deleted and for every claim to become Bound after a repair, and for a
        storage class's provisioner to bind a claim that is still Pending (outside check mode).
    type: int
    default: 120
requirements:
  - kubernetes >= 24.2.0
notes:
  - Takes the same connection options as the kubernetes.core modules, and their K8S_AUTH_* environment variables.
"""

EXAMPLES = r"""
- name: Check that each Airflow claim is bound to its own volume
  dataeng.airflow_lab.pv_binding:
    bindings:
      - {claim: airflow-dags-claim, namespace: airflow, volume: airflow-dags-volume}
      - {claim: airflow-logs-claim, namespace: airflow, volume: airflow-logs-volume}
      - {claim: airflow-data-claim, namespace: airflow, volume: airflow-data-volume}

- name: Repair the bindings, even while Airflow pods use the claims
  dataeng.airflow_lab.pv_binding:
    kubeconfig: /home/student/.kube/config
    context: minikube
    bindings: "{{ volumes_bindings }}"
    repair: true
    force: true
    wait_timeout: 300

- name: Check claims whose volumes an NFS provisioner makes on a shared cluster
  dataeng.airflow_lab.pv_binding:
    bindings:
      - {claim: airflow-dags-claim, namespace: airflow, storage_class: nfs-rwx}
      - {claim: airflow-logs-claim, namespace: airflow, storage_class: nfs-rwx}
"""

RETURN = r"""
bindings:
  description: One report per wanted binding, as found before any repair.
  returned: always
  type: list
  elements: dict
  contains:
    claim: {description: Claim name., type: str, returned: always}
    namespace: {description: Claim namespace., type: str, returned: always}
    volume: {description: "Expected volume (for a storage class, the volume the claim is bound to, or null).", type: str, returned: always}
    storage_class: {description: The storage class the binding names (null for a named volume)., type: str, returned: always}
    claim_exists: {description: Whether the claim exists., type: bool, returned: always}
    claim_bound: {description: Whether the claim's phase is Bound., type: bool, returned: always}
    bound_volume: {description: The volume the claim names in spec.volumeName., type: str, returned: always}
    bound_to_expected: {description: Whether the claim is Bound to the expected volume., type: bool, returned: always}
    volume_exists: {description: Whether the expected volume exists., type: bool, returned: always}
    volume_claim_ref: {description: The namespace/name the volume's claimRef names., type: str, returned: always}
    claim_ref_points_back: {description: Whether the volume's claimRef is this claim., type: bool, returned: always}
    ok: {description: Whether this binding is right., type: bool, returned: always}
    problems: {description: "What is wrong, one sentence each.", type: list, elements: str, returned: always}
  sample:
    - claim: airflow-dags-claim
      namespace: airflow
      volume: airflow-dags-volume
      claim_exists: true
      claim_bound: true
      bound_volume: airflow-logs-volume
      bound_to_expected: false
      volume_exists: true
      volume_claim_ref: airflow/airflow-logs-claim
      claim_ref_points_back: false
      ok: false
      problems:
        - claim airflow/airflow-dags-claim is bound to airflow-logs-volume, expected airflow-dags-volume
        - volume airflow-dags-volume is bound to airflow/airflow-logs-claim
ok:
  description: Whether every binding was right before the module ran.
  returned: always
  type: bool
actions:
  description: What the repair did (or, in check mode, would do), in order.
  returned: always
  type: list
  elements: str
  sample:
    - delete claim airflow/airflow-dags-claim (its volume is kept, reclaim policy Retain)
    - point volume airflow-dags-volume's claimRef at airflow/airflow-dags-claim
    - create claim airflow/airflow-dags-claim pre-bound to airflow-dags-volume
"""

import time

from ansible_collections.dataeng.airflow_lab.plugins.module_utils._pv_binding import (
    PvBindingError,
    check_binding,
    describe,
    plan_repair,
    provisioning,
    volume_name,
)
from ansible_collections.dataeng.airflow_lab.plugins.module_utils._k8s_module import run_k8s_module
from ansible_collections.kubernetes.core.plugins.module_utils.k8s.client import get_api_client

try:
    from kubernetes.dynamic.exceptions import NotFoundError
except ImportError:  # the missing library is reported by AnsibleK8SModule
    NotFoundError = Exception


class Cluster(object):
    """The few API calls the module makes, through kubernetes.core's client."""

    def __init__(self, module):
        self.client = get_api_client(module)
        self.claims = self.client.resource("PersistentVolumeClaim", "v1")
        self.volumes = self.client.resource("PersistentVolume", "v1")
        self.pods = self.client.resource("Pod", "v1")

    def _get(self, resource, **params):
        try:
            return resource.get(**params).to_dict()
        except NotFoundError:
            return None

    def claim(self, namespace, name):
        return self._get(self.claims, name=name, namespace=namespace)

    def volume(self, name):
        return self._get(self.volumes, name=name)

    def pods_in(self, namespace):
        return [p.to_dict() for p in self.pods.get(namespace=namespace).items]

    def delete_pod(self, namespace, name):
        self.pods.delete(name=name, namespace=namespace)

    def delete_claim(self, namespace, name):
        self.claims.delete(name=name, namespace=namespace)

    def reserve_volume(self, name, claim_ref):
        ref = {"kind": "PersistentVolumeClaim", "apiVersion": "v1", "uid": None, "resourceVersion": None}
        ref.update(claim_ref)
        self.volumes.patch(name=name, body={"spec": {"claimRef": ref}}, content_type="application/merge-patch+json")

    def create_claim(self, definition):
        self.claims.create(body=definition, namespace=definition["metadata"]["namespace"])


def snapshot(cluster, bindings):
    """The claims, and the volumes they are about (named, or bound to for a storage class)."""
    claims = {(b["namespace"], b["claim"]): cluster.claim(b["namespace"], b["claim"]) for b in bindings}
    names = [volume_name(b, claims[(b["namespace"], b["claim"])]) for b in bindings]
    volumes = dict((name, cluster.volume(name)) for name in names if name)
    return claims, volumes


def check_all(bindings, claims, volumes):
    reports = []
    for binding in bindings:
        claim = claims[(binding["namespace"], binding["claim"])]
        reports.append(check_binding(binding, claim, volumes.get(volume_name(binding, claim))))
    return reports


def wait_for(predicate, timeout, what):
    deadline = time.time() + timeout
    while True:
        if predicate():
            return
        if time.time() >= deadline:
            raise PvBindingError("timed out after {0} s waiting for {1}; raise wait_timeout or look at the cluster "
                                 "(kubectl get pv,pvc -A)".format(timeout, what))
        time.sleep(1)


def apply(cluster, bindings, actions, timeout):
    for action in actions:
        if action["action"] == "delete_pod":
            cluster.delete_pod(action["namespace"], action["name"])
    for action in actions:
        if action["action"] == "delete_claim":
            cluster.delete_claim(action["namespace"], action["name"])
    for action in actions:
        if action["action"] == "delete_claim":
            wait_for(lambda a=action: cluster.claim(a["namespace"], a["name"]) is None, timeout,
                     "claim {namespace}/{name} to be deleted (a pod still mounts it?)".format(**action))
    for action in actions:
        if action["action"] == "reserve_volume":
            cluster.reserve_volume(action["name"], action["claim_ref"])
    for action in actions:
        if action["action"] == "create_claim":
            cluster.create_claim(action["definition"])

    def all_bound():
        return all(report["ok"] for report in check_all(bindings, *snapshot(cluster, bindings)))

    wait_for(all_bound, timeout, "every claim to be Bound to its volume")


def run(module):
    bindings = module.params["bindings"]
    cluster = Cluster(module)
    claims, volumes = snapshot(cluster, bindings)
    if provisioning(bindings, claims) and not module.check_mode:
        # A provisioner binds a new claim a moment after it is made: wait for it (up to wait_timeout), then judge.
        try:
            wait_for(lambda: not provisioning(bindings, snapshot(cluster, bindings)[0]), module.params["wait_timeout"],
                     "the provisioners")
        except PvBindingError:
            pass
        claims, volumes = snapshot(cluster, bindings)
    reports = check_all(bindings, claims, volumes)
    result = {"changed": False, "bindings": reports, "ok": all(r["ok"] for r in reports), "actions": []}
    if result["ok"]:
        module.exit_json(**result)

    problems = [p for r in reports for p in r["problems"]]
    # A provisioner makes the volumes of a storage class: nothing here can repair those bindings.
    provisioned = [p for b, r in zip(bindings, reports) if not b.get("volume") for p in r["problems"]]
    if not module.params["repair"] or (provisioned and not module.check_mode):
        fix = ("Run dataeng.airflow_lab.pv_binding with repair: true to fix them (data on the volumes is kept)."
               if len(provisioned) < len(problems) and not module.params["repair"] else "")
        look = ("The volumes of a storage class come from its provisioner, which pv_binding does not repair: look at "
                "the claims' events (kubectl describe pvc -n NAMESPACE CLAIM)." if provisioned else "")
        module.fail_json(msg="wrong PersistentVolume bindings: {0}. {1}".format(
            "; ".join(problems), " ".join(text for text in (fix, look) if text)), **result)

    named = set(b["volume"] for b in bindings if b.get("volume"))
    not_retained = sorted(
        name for name, volume in volumes.items()
        if name in named and volume and (volume.get("spec") or {}).get("persistentVolumeReclaimPolicy", "Retain") != "Retain")
    if not_retained:
        raise PvBindingError("refusing to repair: volume(s) {0} do not use persistentVolumeReclaimPolicy Retain, so "
                             "deleting their claim could delete their data. Set Retain first.".format(", ".join(not_retained)))

    pods = []
    for namespace in sorted({b["namespace"] for b in bindings} | {
            (v.get("spec", {}).get("claimRef") or {}).get("namespace") for v in volumes.values() if v} - {None}):
        pods.extend(cluster.pods_in(namespace))
    actions = plan_repair(bindings, claims, volumes, pods, force=module.params["force"])
    result["actions"] = [describe(a) for a in actions]
    result["changed"] = bool(actions)
    if module._diff:
        result["diff"] = {
            "before": "\n".join("{namespace}/{claim} -> {bound_volume}".format(**r) for r in reports) + "\n",
            "after": "\n".join("{0}/{1} -> {2}".format(b["namespace"], b["claim"], b.get("volume") or "a volume of storage class "
                                                       + b["storage_class"]) for b in bindings) + "\n",
        }
    if not module.check_mode:
        apply(cluster, bindings, actions, module.params["wait_timeout"])
    module.exit_json(**result)


def main():
    argument_spec = dict(
        bindings=dict(type="list", elements="dict", required=True, options=dict(
            claim=dict(type="str", required=True),
            namespace=dict(type="str", required=True),
            volume=dict(type="str"),
            storage_class=dict(type="str"),
        ), required_one_of=[["volume", "storage_class"]], mutually_exclusive=[["volume", "storage_class"]]),
        repair=dict(type="bool", default=False),
        force=dict(type="bool", default=False),
        wait_timeout=dict(type="int", default=120),
    )
    run_k8s_module(argument_spec, run, user_errors=PvBindingError)


if __name__ == "__main__":
    main()
