# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dataeng lab maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: service_failure
author: dataeng lab maintainers (@dataeng)
short_description: What a service that refused its new configuration said, and which variables that names
version_added: 0.3.0
description:
  - Turns the journal of a service that did not start on its new configuration into one message - whether the previous
    configuration is back, the service's own error lines, the variables they name, and the command that shows more.
  - A word of the service's error lines (a Redis directive, a PostgreSQL parameter) names a variable through
    O(variables); the error lines are the journal lines that report an error, else its last five lines.
  - Every value of O(secrets) is replaced by C(********).
options:
  _input:
    description: The service's journal (C(journalctl --unit=<unit> -o cat)), the failed start's lines last.
    type: str
    required: true
  service:
    description: The service's name in the message.
    type: str
    required: true
  variables:
    description: A word of the service's messages (directive or parameter) and the variable it comes from.
    type: dict
    default: {}
  secrets:
    description: Values that must not appear in the message.
    type: list
    elements: str
    default: []
  restored:
    description: The files put back (empty when there was no previous configuration).
    type: list
    elements: str
    default: []
  command:
    description: The command that shows more, ended with in the message.
    type: str
    default: ""
"""

EXAMPLES = r"""
- name: Stop on the refused configuration
  ansible.builtin.fail:
    msg: >-
      {{ journal.stdout | dataeng.airflow_lab.service_failure('Redis', variables={'bind': 'redis_bind'},
           restored=['/etc/redis/redis.conf'], command='journalctl --unit=redis') }}
"""

RETURN = r"""
_value:
  description: The message.
  type: str
  sample: >-
    Redis refused its new configuration: the previous one (/etc/redis/redis.conf) is back and Redis runs on it again,
    so nothing that used it stopped for longer than the restart. Redis said: Warning: Could not create server TCP
    listening socket fd00::99:6379: bind: Cannot assign requested address | Failed listening on port 6379 (tcp),
    aborting. Check redis_bind. To look further: journalctl --unit=redis
"""

from ansible_collections.dataeng.airflow_lab.plugins.module_utils._hints import service_failure


class FilterModule(object):
    def filters(self):
        return {"service_failure": service_failure}
