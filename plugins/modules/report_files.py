#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dataeng lab maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: report_files
author: dataeng lab maintainers (@dataeng)
short_description: Write a report's files on the controller, in one step
version_added: 0.1.0
description:
  - Writes each of O(files) into O(dir) on the controller, mode C(0644), creating O(dir) (mode C(0755)) when it is
    missing. A file whose content is already the same is left alone.
  - Each file is written to a new file in O(dir), then renamed over the old one, so a reader never sees half a page
    and a link in its place is replaced, never followed.
  - For the room's status page (C(status.html), C(status.json) and C(converges.json)), written at the end of every run.
    It runs in Ansible's own process, as an action plugin; no module starts, where C(ansible.builtin.copy) starts one
    for each file.
options:
  dir:
    description: The folder, an absolute path on the controller.
    type: path
    required: true
  files:
    description: The files, each a name (no folder) and its text.
    type: list
    elements: dict
    required: true
    suboptions:
      name:
        description: The file's name in O(dir).
        type: str
        required: true
      content:
        description: Its text, written as UTF-8.
        type: str
        required: true
attributes:
  check_mode:
    support: full
    details: Says which files would be written, and writes none.
  diff_mode:
    support: full
  platform:
    description: Runs on the controller.
    support: full
    platforms: all
extends_documentation_fragment:
  - dataeng.airflow_lab.attributes
"""

EXAMPLES = r"""
- name: Write the status page and its data
  dataeng.airflow_lab.report_files:
    dir: "{{ lab_status_dir }}"
    files:
      - {name: status.json, content: "{{ room | to_nice_json }}\n"}
      - {name: status.html, content: "{{ lookup('ansible.builtin.template', 'status.html.j2') }}"}
"""

RETURN = r"""
written:
  description: The names of the files written (in check mode, that would be written).
  returned: success
  type: list
  elements: str
  sample: [status.html, status.json]
dir:
  description: The folder.
  returned: success
  type: str
  sample: /home/instructor/.airflow-lab/status
"""
