# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dataeng lab maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: systemd_quote
author: dataeng lab maintainers (@dataeng)
short_description: Quote a value for a systemd unit file, so that systemd hands it on unchanged
version_added: 0.1.0
description:
  - Double-quotes the value and escapes what systemd would otherwise read - C(\\) and C(") (C escapes in a
    quoted word), C(%) (specifiers, such as C(%h)) and, in C(ExecStart=), C($) (variable expansion).
  - The lab writes every user-supplied value in its units (minikube's arguments, proxy URLs) with this filter.
options:
  _input:
    description: The value - one argument of C(ExecStart=), or one C(NAME=value) assignment of C(Environment=).
    type: str
    required: true
  context:
    description: Where the value goes.
    type: str
    choices: [exec, environment]
    default: exec
"""

EXAMPLES = r"""
- name: A unit whose proxy password holds a percent-encoded @
  ansible.builtin.copy:
    dest: /etc/systemd/system/example.service.d/proxy.conf
    content: |
      [Service]
      Environment={{ ('HTTPS_PROXY=' ~ proxy_url) | dataeng.airflow_lab.systemd_quote('environment') }}
      ExecStart=/usr/bin/example {{ args | map('dataeng.airflow_lab.systemd_quote') | join(' ') }}
    mode: "0644"
"""

RETURN = r"""
_value:
  description: The quoted value, ready to be written after C(Environment=) or in C(ExecStart=).
  type: str
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.dataeng.airflow_lab.plugins.module_utils._units import UnitValueError, systemd_quote as _quote


def systemd_quote(value, context="exec"):
    try:
        return _quote(value, context)
    except UnitValueError as exc:
        raise AnsibleFilterError("systemd_quote: {0}".format(exc))


class FilterModule(object):
    def filters(self):
        return {"systemd_quote": systemd_quote}
