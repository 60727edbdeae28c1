# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dataeng lab maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: input_problems
author: dataeng lab maintainers (@dataeng)
short_description: What is wrong with a user's pg_hba rules, Airflow pools, volumes or node mounts
version_added: 0.1.0
description:
  - Checks a value against the rules of the program that will read it, and returns one message per problem,
    naming the variable, the item (by index) and the accepted forms. An empty list means the value is fine.
  - V(hba_rules) follows PostgreSQL's pg_hba.conf rules - connection type, databases, users, method, and a source
    that is a network in CIDR form, an address with its prefix, a host name, a domain suffix, or V(all),
    V(samehost), V(samenet).
  - V(pools) follows Airflow's rules for pools - a unique name and whole-number slots, V(-1) meaning unlimited.
  - V(volume_items) checks V({volume, claim, path}) items - Kubernetes names, each used once, and an absolute path.
  - V(bind_mounts) checks V({folder, mounts}) - the V({src, dest}) mounts that one bind mount of V(folder) into the
    minikube node gives - each V(src) is V(<folder>/<name>) and each V(dest) V(<one node folder>/<name>).
  - V(proxy) checks V({http, https, no_proxy}) - each URL V(http(s)://[user:password@]host[:port]) with only the
    characters a URL carries unencoded (a password is percent-encoded), and V(no_proxy) a comma-separated list of
    hosts, domains, addresses and networks.
  - V(lab_folder) checks V({folder, names, controller, found}) - the lab folder, which must not be V(/), a link, a home
    or a folder holding one, a git checkout or a folder inside one, nor the controller's project or virtualenv
    (V(found) is what M(dataeng.airflow_lab.state_probe)'s O(dataeng.airflow_lab.state_probe#module:folders) read).
  - V(pg_names) checks the lab's PostgreSQL database and user names - identifiers that need no quotes (lower case, at
    most 63 bytes), not a keyword of pg_hba.conf, and for a user not V(public) or V(pg_*).
  - V(listen_addresses) checks the addresses a server binds (Redis's C(bind)) - IPv4 or IPv6 addresses, V(*) or
    V(::*), each optionally after V(-).
options:
  _input:
    description: The value to check.
    type: raw
    required: true
  kind:
    description: Which rules apply.
    type: str
    required: true
    choices: [hba_rules, pools, volume_items, bind_mounts, proxy, lab_folder, pg_names, listen_addresses]
  variable:
    description: The variable's name, used in the messages.
    type: str
"""

EXAMPLES = r"""
- name: Check the extra pg_hba rules before any change
  ansible.builtin.assert:
    that: __problems | length == 0
    fail_msg: "{{ __problems | join(' ') }}"
  vars:
    __problems: "{{ postgresql_hba_extra_rules | dataeng.airflow_lab.input_problems('hba_rules', 'postgresql_hba_extra_rules') }}"
"""

RETURN = r"""
_value:
  description: One message per problem; empty when the value is fine.
  type: list
  elements: str
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.dataeng.airflow_lab.plugins.module_utils._checks import CHECKS


def input_problems(value, kind, variable=None):
    if kind not in CHECKS:
        raise AnsibleFilterError("input_problems: kind must be one of {0}, got {1!r}".format(", ".join(sorted(CHECKS)), kind))
    return CHECKS[kind](value, variable) if variable else CHECKS[kind](value)


class FilterModule(object):
    def filters(self):
        return {"input_problems": input_problems}
