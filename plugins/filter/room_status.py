# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dataeng lab maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: room_status
author: dataeng lab maintainers (@dataeng)
short_description: The room's health - a colour and the first problem in words for each machine
version_added: 0.2.0
description:
  - Reads what the status playbook collected on each machine and gives each one a colour (green, amber or red) and
    its problems in words, worst first. A layer that a machine does not have (given as null) reads as not installed,
    never as a problem; an unreachable machine is red.
options:
  _input:
    description:
      - One dict per machine, with C(host), C(reachable), C(unreachable_reason), C(services) (name to C(running),
        C(stopped), C(failed) or C(not installed)), C(disk_free_gib), C(mounts) (C(name), C(mounted)), C(claims)
        (C(claim), C(volume), C(bound_to_own)), C(releases) (C(name), C(status)), C(pods) (namespace to C(ready) and
        C(total)) and C(airflow_health) (C(ok), C(detail)), and anything else to show.
      - What the playbook registered may come as read instead, and is turned into those fields -
        C(unit_lines) (C(systemctl list-units) lines) into C(services), C(space) (dataeng.airflow_lab.state_probe's
        C(space) entries for the lab folder, its parent and C(/), in that order) into C(disk_free_gib) (the first
        that exists), C(mount_results) (the results of a dataeng.airflow_lab.minikube_mount loop in check mode) into
        C(mounts), C(binding_result) (dataeng.airflow_lab.pv_binding's result in check mode)
        into C(claims), C(pod_states) (C([namespace, ready]) pairs) into C(pods); C(cluster_read) false makes every
        cluster and apps layer not installed, and an empty C(airflow_health) means not asked. C(read_errors) are
        reads that failed as a whole, each a problem.
    type: list
    elements: dict
    required: true
  last_converges:
    description: When each machine last finished a converge (host name to time), shown as its C(last_converge).
    type: dict
    default: {}
"""

EXAMPLES = r"""
- name: Write the room's status for scripts
  ansible.builtin.copy:
    content: "{{ machines | dataeng.airflow_lab.room_status | to_nice_json }}"
    dest: "{{ lab_status_dir }}/status.json"
    mode: "0644"
"""

RETURN = r"""
_value:
  description: The machines sorted by name, each with C(colour), C(problems) and C(first_problem), and the count per colour.
  type: dict
  sample: {"machines": [{"host": "lab-pc-01", "colour": "red", "first_problem": "redis is stopped"}],
           "counts": {"green": 2, "amber": 0, "red": 1}}
"""

from ansible_collections.dataeng.airflow_lab.plugins.module_utils._status import room_status


class FilterModule(object):
    def filters(self):
        return {"room_status": room_status}
