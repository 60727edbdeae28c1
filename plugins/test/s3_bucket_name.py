# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dataeng lab maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: s3_bucket_name
author: dataeng lab maintainers
short_description: Whether S3 accepts a name as a bucket name
version_added: 0.1.0
description:
  - True when the value follows S3's rules for general purpose bucket names - 3 to 63 lower-case letters, digits,
    C(-) and C(.), starting and ending with a letter or a digit, no two dots in a row, not an IP address, none of the
    reserved prefixes and suffixes.
options:
  _input:
    description: The name.
    type: str
    required: true
"""

EXAMPLES = r"""
- name: Refuse a bad bucket name
  ansible.builtin.assert:
    that: my_bucket is dataeng.airflow_lab.s3_bucket_name
"""

RETURN = r"""
_value:
  description: Whether the name is a valid bucket name.
  type: bool
"""

from ansible_collections.dataeng.airflow_lab.plugins.module_utils._s3 import bucket_name_problem


def s3_bucket_name(value):
    return bucket_name_problem(value) == ""


class TestModule(object):
    def tests(self):
        return {"s3_bucket_name": s3_bucket_name}
