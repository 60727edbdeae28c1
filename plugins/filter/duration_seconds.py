# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dataeng lab maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: duration_seconds
author: dataeng lab maintainers (@dataeng)
short_description: The seconds in a duration as helm takes it (15m, 1h30m, 900s)
version_added: 0.2.0
description:
  - Reads a duration in Go's notation, as C(helm --timeout) takes it (V(15m), V(1h30m), V(10m0s), V(90s)); a bare
    number is seconds.
  - With O(default), a value that is not a duration gives O(default) instead of an error, for input checks.
options:
  _input:
    description: The duration.
    type: raw
    required: true
  default:
    description: What a value that is not a duration gives; without it, such a value is an error.
    type: int
"""

EXAMPLES = r"""
- name: Refuse a Helm timeout that helm would refuse, before any change
  ansible.builtin.assert:
    that: airflow_helm_timeout | dataeng.airflow_lab.duration_seconds(0) | int > 0
    fail_msg: airflow_helm_timeout must be a duration such as 15m or 1h30m, got {{ airflow_helm_timeout }}
"""

RETURN = r"""
_value:
  description: The whole seconds.
  type: int
  sample: 5400
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.dataeng.airflow_lab.plugins.module_utils._hints import duration_seconds

_NONE = object()


def _duration_seconds(value, default=_NONE):
    try:
        return duration_seconds(value)
    except ValueError as err:
        if default is not _NONE:
            return default
        raise AnsibleFilterError("duration_seconds: {0}".format(err))


class FilterModule(object):
    def filters(self):
        return {"duration_seconds": _duration_seconds}
