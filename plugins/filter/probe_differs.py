# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dataeng lab maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: probe_differs
author: dataeng lab maintainers (@dataeng)
short_description: What a role must change, from its state_probe result and the state it manages
version_added: 0.1.0
description:
  - A host role declares what it manages once, as the V(files), V(units), V(sysctl), V(users) and V(groups) that
    M(dataeng.airflow_lab.state_probe) compares. The probe reads that declaration, and this filter turns the
    probe's result into the items each task must apply.
  - When the probe did not run (for example under C(--tags)), every managed item counts as differing, so no task
    is skipped that had work to do.
options:
  _input:
    description: The registered result of M(dataeng.airflow_lab.state_probe), or nothing when it did not run.
    type: raw
    required: true
  managed:
    description: The role's declaration, as passed to the probe.
    type: dict
    required: true
"""

EXAMPLES = r"""
- name: Start Docker when its unit differs
  ansible.builtin.systemd_service:
    name: docker
    state: started
  when: "'docker' in (__docker_probe | dataeng.airflow_lab.probe_differs(__docker_managed)).units"
"""

RETURN = r"""
_value:
  description: The items that differ (every managed item when the probe did not run), by kind.
  type: dict
  sample: {"files": ["/etc/redis/redis.conf"], "units": [], "sysctl": [], "users": [], "groups": []}
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.dataeng.airflow_lab.plugins.module_utils._state_probe import ProbeError, probe_differs


def _probe_differs(result, managed):
    try:
        return probe_differs(result, managed)
    except (ProbeError, KeyError, TypeError) as err:
        raise AnsibleFilterError("probe_differs: {0}".format(err))


class FilterModule(object):
    def filters(self):
        return {"probe_differs": _probe_differs}
