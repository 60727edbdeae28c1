# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dataeng lab maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: minikube_base_image
author: dataeng lab maintainers
short_description: The node image minikube pins, read from the help of its start command
version_added: 0.1.0
description:
  - Returns the default of C(--base-image) that C(minikube start --help) prints (the kicbase image, with its digest),
    or an empty string when the text does not carry it.
options:
  _input:
    description: The output of C(minikube start --help).
    type: str
    required: true
"""

EXAMPLES = r"""
- name: The node image this minikube starts
  ansible.builtin.set_fact:
    node_image: "{{ start_help.stdout | dataeng.airflow_lab.minikube_base_image }}"
"""

RETURN = r"""
_value:
  description: The image reference, such as C(gcr.io/k8s-minikube/kicbase:v0.0.48@sha256:...).
  type: str
"""

from ansible_collections.dataeng.airflow_lab.plugins.module_utils._chart_images import minikube_base_image


class FilterModule(object):
    def filters(self):
        return {"minikube_base_image": minikube_base_image}
