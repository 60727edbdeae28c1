#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dataeng lab maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: k8s_access
short_description: Check, before any change, that a kubeconfig may do what the lab's roles do on a cluster
version_added: 0.2.0
author: dataeng lab maintainers (@dataeng)
description:
  - Asks the cluster one C(SelfSubjectAccessReview) per verb and resource of O(rules), as the kubeconfig's user, and
    fails with one message that names every verb and resource it may not use, and where (a namespace, or
    cluster-wide).
  - Meant for a shared cluster that the lab does not own, where a student's or an instructor's kubeconfig may lack
    rights that a minikube admin has; the check changes nothing, so it runs before any change, also in check mode.
  - The reviews read the API server's authorizers (RBAC and the others); they do not prove that an admission
    controller or a quota accepts the change.
extends_documentation_fragment:
  - kubernetes.core.k8s_auth_options
  - dataeng.airflow_lab.attributes
attributes:
  check_mode:
    support: full
    details: The module only asks; it runs the same in check mode.
  diff_mode:
    support: none
    details: Nothing to compare.
options:
  rules:
    description:
      - The rights to check.
    type: list
    elements: dict
    required: true
    suboptions:
      verbs:
        description: The verbs, for example V(get), V(list), V(create), V(patch), V(delete).
        type: list
        elements: str
        required: true
      resource:
        description: The resource, plural and lower case, for example V(persistentvolumeclaims).
        type: str
        required: true
      group:
        description: The API group, empty for the core group, for example V(apps) or V(sparkoperator.k8s.io).
        type: str
        default: ""
      namespace:
        description: The namespace; empty for a cluster-wide resource, or for all namespaces.
        type: str
        default: ""
requirements:
  - kubernetes >= 24.2.0
notes:
  - Takes the same connection options as the kubernetes.core modules, and their K8S_AUTH_* environment variables.
"""

EXAMPLES = r"""
- name: Check the rights the volumes role uses, before any change
  dataeng.airflow_lab.k8s_access:
    context: shared-cluster
    rules:
      - {verbs: [get, create], resource: namespaces}
      - {verbs: [get, list, create, patch], resource: persistentvolumes}
      - {verbs: [get, list, create, delete], resource: persistentvolumeclaims, namespace: airflow}
"""

RETURN = r"""
allowed:
  description: The checked rights that the user has, in words.
  returned: always
  type: list
  elements: str
  sample: [get namespaces cluster-wide, create persistentvolumeclaims in namespace airflow]
denied:
  description: The checked rights that the user lacks, in words, with the authorizer's reason when it gives one.
  returned: always
  type: list
  elements: str
  sample: ["create persistentvolumes cluster-wide (no RBAC policy matched)"]
"""

import os

from ansible_collections.dataeng.airflow_lab.plugins.module_utils._access import describe, refusal, reviews
from ansible_collections.dataeng.airflow_lab.plugins.module_utils._k8s_module import run_k8s_module
from ansible_collections.kubernetes.core.plugins.module_utils.k8s.client import get_api_client


def ask(client, attributes):
    """(allowed, reason) of one SelfSubjectAccessReview."""
    api = client.resource("SelfSubjectAccessReview", "authorization.k8s.io/v1")
    body = {"apiVersion": "authorization.k8s.io/v1", "kind": "SelfSubjectAccessReview",
            "spec": {"resourceAttributes": attributes}}
    status = (api.create(body=body).to_dict() or {}).get("status") or {}
    return bool(status.get("allowed")), status.get("reason") or ""


def context_name(module):
    """The context the reviews went through: the one given, else the kubeconfig's current one (for the message)."""
    if module.params.get("context") or os.environ.get("K8S_AUTH_CONTEXT"):
        return module.params.get("context") or os.environ["K8S_AUTH_CONTEXT"]
    kubeconfig = module.params.get("kubeconfig") or os.environ.get("K8S_AUTH_KUBECONFIG")
    if kubeconfig is not None and not isinstance(kubeconfig, str):
        return ""
    try:
        from kubernetes import config  # pylint: disable=import-outside-toplevel

        return config.list_kube_config_contexts(config_file=kubeconfig)[1]["name"]
    except Exception:  # pylint: disable=broad-except
        return ""


def run(module):
    client = get_api_client(module)
    allowed, denied = [], []
    for attributes in reviews(module.params["rules"]):
        ok, reason = ask(client, attributes)
        if ok:
            allowed.append(describe(attributes))
        else:
            denied.append((attributes, reason))
    result = {"changed": False, "allowed": allowed,
              "denied": [describe(a) + (" ({0})".format(r) if r else "") for a, r in denied]}
    if denied:
        module.fail_json(msg=refusal(denied, context_name(module)), **result)
    module.exit_json(**result)


def main():
    argument_spec = dict(
        rules=dict(type="list", elements="dict", required=True, options=dict(
            verbs=dict(type="list", elements="str", required=True),
            resource=dict(type="str", required=True),
            group=dict(type="str", default=""),
            namespace=dict(type="str", default=""),
        )),
    )
    run_k8s_module(argument_spec, run)


if __name__ == "__main__":
    main()
