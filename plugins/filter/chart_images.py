# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dataeng lab maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: chart_images
author: dataeng lab maintainers (@dataeng)
short_description: The images a rendered chart runs
version_added: 0.1.0
description:
  - Reads the output of C(helm template) and returns, sorted and once each, the image of every container, init
    container and ephemeral container, including those of pod templates carried as text in ConfigMaps (Airflow's
    C(pod_template_file.yaml) for KubernetesExecutor).
options:
  _input:
    description: The rendered manifests (a YAML stream).
    type: str
    required: true
"""

EXAMPLES = r"""
- name: The images Airflow's release will run
  ansible.builtin.set_fact:
    airflow_images: "{{ rendered.stdout | dataeng.airflow_lab.chart_images }}"
"""

RETURN = r"""
_value:
  description: The image references.
  type: list
  elements: str
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.dataeng.airflow_lab.plugins.module_utils._chart_images import chart_images as _images

try:
    import yaml
except ImportError:  # pragma: no cover - PyYAML comes with ansible-core
    yaml = None


def chart_images(rendered):
    try:
        return _images(rendered, lambda text: [doc for doc in yaml.safe_load_all(text) if doc])
    except yaml.YAMLError as exc:
        raise AnsibleFilterError("chart_images: the manifests are not YAML: {0}".format(exc))


class FilterModule(object):
    def filters(self):
        return {"chart_images": chart_images}
