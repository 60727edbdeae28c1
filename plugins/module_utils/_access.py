# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dataeng lab maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Decisions of the k8s_access module: which SelfSubjectAccessReviews to ask, and what to say of the denials.

Note that this module util is **PRIVATE** to the collection. It can have breaking changes at any time.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


def reviews(rules):
    """One resourceAttributes dict per verb of each rule {verbs, resource, group, namespace}, in order, without
    repeats. A rule without a namespace is cluster-wide (or all namespaces, for a namespaced resource)."""
    seen, out = set(), []
    for rule in rules:
        for verb in rule["verbs"]:
            attributes = {"verb": verb, "resource": rule["resource"], "group": rule.get("group") or ""}
            if rule.get("namespace"):
                attributes["namespace"] = rule["namespace"]
            key = (verb, attributes["resource"], attributes["group"], attributes.get("namespace"))
            if key not in seen:
                seen.add(key)
                out.append(attributes)
    return out


def describe(attributes):
    """`create persistentvolumeclaims in namespace airflow`, `create customresourcedefinitions.apiextensions.k8s.io
    cluster-wide`."""
    resource = attributes["resource"] + ("." + attributes["group"] if attributes.get("group") else "")
    where = "in namespace {0}".format(attributes["namespace"]) if attributes.get("namespace") else "cluster-wide"
    return "{0} {1} {2}".format(attributes["verb"], resource, where)


def refusal(denied, context):
    """The message for the denials ([(attributes, reason)]): every missing verb and resource, and what to ask for."""
    items = []
    for attributes, reason in denied:
        items.append(describe(attributes) + (" ({0})".format(reason) if reason else ""))
    return ("the cluster{0} does not let this kubeconfig's user {1}. Ask the cluster's administrators for a Role or "
            "ClusterRole with these rights (kubectl auth can-i --list shows yours), or use another kubeconfig or "
            "context.".format(" (context {0})".format(context) if context else "", "; ".join(items)))
