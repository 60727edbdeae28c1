# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dataeng lab maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: airflow_health
author: dataeng lab maintainers (@dataeng)
short_description: Whether the Airflow API's health endpoint says every component is healthy
version_added: 0.2.0
description:
  - Reads the uri module's result for Airflow's health endpoint (C(/api/v2/monitor/health) in Airflow 3,
    C(/health) in Airflow 2). It is healthy when the answer is HTTP 200 and no component reports another status
    than C(healthy); a component without a status (a triggerer that does not run) does not count.
options:
  _input:
    description: The registered result of ansible.builtin.uri (with return_content), failed or not.
    type: dict
    required: true
"""

EXAMPLES = r"""
- name: Keep whether Airflow is healthy
  ansible.builtin.set_fact:
    health: "{{ __answer | dataeng.airflow_lab.airflow_health }}"
"""

RETURN = r"""
_value:
  description: C(ok), and C(detail) in words (C(healthy), the unhealthy components, the HTTP status or the error).
  type: dict
  sample: {"ok": false, "detail": "unhealthy: scheduler"}
"""

from ansible_collections.dataeng.airflow_lab.plugins.module_utils._status import airflow_health


class FilterModule(object):
    def filters(self):
        return {"airflow_health": airflow_health}
