# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dataeng lab maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: helm_support
author: dataeng lab maintainers (@dataeng)
short_description: The Helm lines the controller's kubernetes.core can drive
version_added: 0.1.0
description:
  - Reads the version of the kubernetes.core collection that the controller would load, and returns it with the
    Helm major versions it drives (newest first), from the collection's one compatibility table
    (C(plugins/module_utils/_versions.py), listed in C(docs/versions.md)).
  - With O(helm_version), also returns why that Helm release and this kubernetes.core cannot work together
    (empty when they can).
options:
  helm_version:
    description: A Helm release to check against the controller's kubernetes.core, such as V(v4.1.4).
    type: str
  helm_diff_version:
    description:
      - A helm-diff release to check against O(helm_version), such as V(v3.15.10); empty for no plugin.
    type: str
"""

EXAMPLES = r"""
- name: Refuse a Helm release the controller cannot drive
  ansible.builtin.assert:
    that: __support.problem == ''
    fail_msg: "{{ __support.problem }}"
  vars:
    __support: "{{ lookup('dataeng.airflow_lab.helm_support', helm_version=helm_version) }}"

- name: Refuse a helm-diff too old for the Helm release
  ansible.builtin.assert:
    that: __support.problem == ''
    fail_msg: "{{ __support.problem }}"
  vars:
    __support: "{{ lookup('dataeng.airflow_lab.helm_support', helm_version='v4.1.4', helm_diff_version='v3.15.10') }}"
"""

RETURN = r"""
_raw:
  description: The controller's kubernetes.core version, the Helm majors it drives and the problem with O(helm_version).
  type: list
  elements: dict
  contains:
    kubernetes_core:
      description: Version of kubernetes.core on the controller; empty when it is not installed.
      type: str
    majors:
      description: Helm majors it drives, newest first.
      type: list
      elements: str
    problem:
      description:
        - Why O(helm_version) cannot work with it, or O(helm_diff_version) with O(helm_version); empty when they
          can or when no version was given.
      type: str
"""

import importlib

from ansible.plugins.lookup import LookupBase

from ansible_collections.dataeng.airflow_lab.plugins.module_utils._versions import (
    collection_version, helm_diff_problem, helm_majors, helm_pair_problem)


_CACHE = {}


def _kubernetes_core():
    """The controller's kubernetes.core version, read once per controller process (helm_version's default asks
    for it each time it is templated)."""
    if "version" not in _CACHE:
        try:
            package = importlib.import_module("ansible_collections.kubernetes.core")
            _CACHE["version"] = collection_version(list(package.__path__)[0])
        except ImportError:
            _CACHE["version"] = ""
    return _CACHE["version"]


class LookupModule(LookupBase):
    def run(self, terms, variables=None, **kwargs):
        self.set_options(var_options=variables, direct=kwargs)
        version = _kubernetes_core()
        helm_version = self.get_option("helm_version")
        problems = [helm_pair_problem(helm_version, version), helm_diff_problem(helm_version, self.get_option(
            "helm_diff_version") or "")] if helm_version else []
        return [dict(kubernetes_core=version, majors=helm_majors(version),
                     problem=" ".join(problem for problem in problems if problem))]
