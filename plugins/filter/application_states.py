# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dataeng lab maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: application_states
author: dataeng lab maintainers (@dataeng)
short_description: Argo CD Applications' states from kubernetes.core.k8s_info, as release states, without their values
version_added: 0.3.0
description:
  - With the gitops role in Argo CD mode the apps are Applications, not Helm releases, so the room's status page shows
    each as a release whose status is C(<sync>/<health>) (C(Synced/Healthy) when all is well).
  - An Application's values (which the status page never shows) are dropped; no Application kind (no Argo CD) gives an
    empty list; a failed read gives one entry with the status C(unreadable) and the reason in C(detail).
options:
  _input:
    description: The registered result of kubernetes.core.k8s_info on the Applications.
    type: dict
    required: true
"""

EXAMPLES = r"""
- name: Keep what the Applications say
  ansible.builtin.set_fact:
    applications: "{{ __found | dataeng.airflow_lab.application_states }}"
"""

RETURN = r"""
_value:
  description: One release state per Application.
  type: list
  elements: dict
  sample: [{"name": "airflow", "namespace": "airflow", "status": "Synced/Healthy", "chart": "airflow-1.22.0",
            "app_version": "", "updated": "2026-11-24 10:12:01"}]
"""

from ansible_collections.dataeng.airflow_lab.plugins.module_utils._status import application_states


class FilterModule(object):
    def filters(self):
        return {"application_states": application_states}
