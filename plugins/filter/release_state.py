# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dataeng lab maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: release_state
author: dataeng lab maintainers (@dataeng)
short_description: A Helm release's state from kubernetes.core.helm_info, without its values
version_added: 0.2.0
description:
  - Keeps what the room's status page shows of a release (name, namespace, status, chart, app version, last update)
    and drops the rest, the release's values (which hold passwords) among it.
  - No such release gives an empty dict (the layer is not installed); a failed read gives the status C(unreadable)
    with the reason in C(detail).
options:
  _input:
    description: The registered result of kubernetes.core.helm_info.
    type: dict
    required: true
  name:
    description: The release's name.
    type: str
    required: true
  namespace:
    description: The release's namespace.
    type: str
    required: true
"""

EXAMPLES = r"""
- name: Keep what the release says
  ansible.builtin.set_fact:
    release: "{{ __found | dataeng.airflow_lab.release_state('airflow', 'airflow') }}"
"""

RETURN = r"""
_value:
  description: The release's state, or an empty dict when there is no such release.
  type: dict
  sample: {"name": "airflow", "namespace": "airflow", "status": "deployed", "chart": "airflow-1.22.0",
           "app_version": "3.1.7", "updated": "2026-11-23 10:12:01"}
"""

from ansible_collections.dataeng.airflow_lab.plugins.module_utils._status import release_state


class FilterModule(object):
    def filters(self):
        return {"release_state": release_state}
