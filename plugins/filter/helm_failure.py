# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dataeng lab maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: helm_failure
author: dataeng lab maintainers (@dataeng)
short_description: What a failed Helm release says - what failed, helm's reason, and the one command to look further
version_added: 0.2.0
description:
  - Turns the message of a failed M(kubernetes.core.helm) task into one sentence that names the release and its
    namespace, gives helm's own C(Error:) lines, and ends with the command that shows more, for the cause it reads
    in the message.
  - A wait that timed out points at C(kubectl describe pods), an unreachable cluster at C(kubectl cluster-info), a
    release stuck in another operation at C(helm history), anything else at C(helm status).
  - Every value of O(secrets) is replaced by C(********), so the message can be shown even for a task whose own
    output is hidden (C(no_log)).
options:
  _input:
    description: The failed task's message (C(ansible_failed_result.msg)).
    type: str
    required: true
  release:
    description: The release name.
    type: str
    required: true
  namespace:
    description: The release namespace.
    type: str
    required: true
  kubeconfig:
    description: The kubeconfig the role used, given to the command (none when empty).
    type: str
    default: ""
  context:
    description: The kubeconfig context the role used, given to the command (none when empty).
    type: str
    default: ""
  user:
    description: The user to run the command as, named in the message (none when empty).
    type: str
    default: ""
  secrets:
    description: Values that must not appear in the message.
    type: list
    elements: str
    default: []
"""

EXAMPLES = r"""
- name: Stop on the failed release, with where to look
  ansible.builtin.fail:
    msg: >-
      {{ ansible_failed_result.msg | default('') | dataeng.airflow_lab.helm_failure(
           'airflow', 'airflow', kubeconfig='/home/student/.kube/config', context='airflow-lab', user='student',
           secrets=[admin_password]) }}
"""

RETURN = r"""
_value:
  description: The message.
  type: str
  sample: >-
    The Helm release airflow in namespace airflow failed (its pods did not become ready in time): Error: INSTALLATION
    FAILED: context deadline exceeded. To look further (as student): kubectl --context airflow-lab describe pods
    --namespace airflow
"""

from ansible_collections.dataeng.airflow_lab.plugins.module_utils._hints import helm_failure


def _helm_failure(message, release, namespace, kubeconfig="", context="", user="", secrets=None):
    return helm_failure(message, release, namespace, kubeconfig=kubeconfig, context=context, user=user,
                        secrets=secrets)


class FilterModule(object):
    def filters(self):
        return {"helm_failure": _helm_failure}
