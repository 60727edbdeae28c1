#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dataeng lab maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: check_variables
author: dataeng lab maintainers (@dataeng)
short_description: Report variables that look like the lab's settings but that no role declares
version_added: 0.1.0
description:
  - Lists every variable of the host whose name starts with a role's prefix (V(airflow_), V(docker_), ... or
    V(lab_)) but that no role's C(meta/argument_specs.yml) declares, with the nearest declared name. A misspelled
    setting (V(airflow_executer)) is otherwise ignored in silence and the role runs with its default.
  - Runs on the controller only (an action plugin); it reads no file of the host and changes nothing.
  - Meant for the first play of a playbook, before any role adds its defaults.
options:
  strict:
    description: Fail on an unknown variable instead of warning.
    type: bool
    default: false
  roles:
    description:
      - The roles this run applies (their names in the collection). Each value the user gave to one of their settings
        is checked against the role's argument spec, as the role checks it when it starts, and each problem is
        returned in RV(spec_problems); the module does not fail on them (the caller lists them with its other checks).
      - A value that cannot be templated here (it reads a fact) is left to its role.
    type: list
    elements: str
    default: []
extends_documentation_fragment:
  - dataeng.airflow_lab.attributes
  - dataeng.airflow_lab.attributes.controller
notes:
  - The site playbook runs it first, with O(strict) from C(lab_strict_variables).
"""

EXAMPLES = r"""
- name: Report variables that no role declares
  dataeng.airflow_lab.check_variables:
    strict: "{{ lab_strict_variables | default(false) }}"

- name: Also check the values given for the settings of the roles that run against their argument specs
  dataeng.airflow_lab.check_variables:
    roles: [lab, docker, redis]
  register: __settings_variables
"""

RETURN = r"""
unknown:
  description: The unknown variables, each with the nearest declared name (empty when none is close).
  returned: always
  type: list
  elements: dict
  sample: [{name: airflow_executer, suggestion: airflow_executor}]
spec_problems:
  description: What the argument specs of O(roles) say of the values given, one message each (empty without O(roles)).
  returned: always
  type: list
  elements: str
  sample: ["value of docker_install_source must be one of: repository, distro, got: snap"]
"""
