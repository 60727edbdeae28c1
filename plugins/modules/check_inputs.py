#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dataeng lab maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: check_inputs
author: dataeng lab maintainers (@dataeng)
short_description: Stop before any change when a role's inputs have problems, listing every one
version_added: 0.1.0
description:
  - The one pattern of the roles' C(tasks/validate.yml). Each item of O(problems) is one check, written once - the
    message that names the variable when the condition holds, an empty string otherwise (for example
    C("{{ 'redis_version must look like 7.2.15' if redis_version is not match(...) else '' }}")). Lists (what
    P(dataeng.airflow_lab.input_problems#filter) returns) are flattened.
  - Fails with every problem, one a line, after the O(subject); succeeds quietly when there is none.
  - Runs on the controller only (an action plugin); it reads nothing on the host and changes nothing.
options:
  subject:
    description: What is checked, as the first words of the failure message (V(docker role input)).
    type: str
    required: true
  problems:
    description: One message per check, empty when the check passes; nested lists are flattened.
    type: list
    elements: raw
    required: true
  collect:
    description:
      - Do not fail; add the problems, each after O(subject), to the host fact C(__lab_input_problems), for a later
        check_inputs to list with every other role's (the settings play checks every role of the run this way, before
        any host is touched).
    type: bool
    default: false
extends_documentation_fragment:
  - dataeng.airflow_lab.attributes
  - dataeng.airflow_lab.attributes.controller
"""

EXAMPLES = r"""
- name: Check the redis variables before any change
  dataeng.airflow_lab.check_inputs:
    subject: redis role input
    problems:
      - "{{ 'redis_version must look like 7.2.15, got ' ~ redis_version if redis_version is not match('^[0-9]+\\.[0-9]+\\.[0-9]+$') else '' }}"
      - "{{ 'redis_prefix must be an absolute path' if redis_prefix is not match('^/') else '' }}"
"""

RETURN = r"""
problems:
  description: The problems found, each once (empty when the inputs are fine).
  returned: always
  type: list
  elements: str
  sample: ["redis_version must look like 7.2.15, got 7.0"]
ansible_facts:
  description: With O(collect), C(__lab_input_problems) - the problems kept so far, each after its subject.
  returned: when O(collect) is true
  type: dict
  sample: {__lab_input_problems: ["redis role input: redis_version must look like 7.2.15, got 7.0"]}
"""
