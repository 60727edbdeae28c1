# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dataeng lab maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: url_credentials
author: dataeng lab maintainers
short_description: Split a URL's credentials from the URL, for a consumer that keeps them apart
version_added: 0.1.0
description:
  - Returns the URL without its C(user:password@), the C(host[:port]) it names, and the user and the password
    percent-decoded (empty when absent).
  - The lab gives apt the school proxy's URL in a world-readable file and its credentials in C(/etc/apt/auth.conf.d/)
    (mode 0600), as apt_auth.conf(5) asks.
options:
  _input:
    description: The URL, C(scheme://[user[:password]@]host[:port][/path]) with the user and password percent-encoded.
    type: str
    required: true
"""

EXAMPLES = r"""
- name: The parts of the school's proxy
  ansible.builtin.set_fact:
    proxy_parts: "{{ 'http://lab:p%40ss@proxy.school:3128' | dataeng.airflow_lab.url_credentials }}"
    # {'url': 'http://proxy.school:3128', 'machine': 'proxy.school:3128', 'login': 'lab', 'password': 'p@ss'}
"""

RETURN = r"""
_value:
  description: C(url), C(machine), C(login) and C(password).
  type: dict
"""

from ansible_collections.dataeng.airflow_lab.plugins.module_utils._urls import url_credentials


class FilterModule(object):
    def filters(self):
        return {"url_credentials": url_credentials}
