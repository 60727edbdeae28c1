# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dataeng lab maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The images a rendered chart runs, read from its manifests (never from a hand list).

Note that this module util is **PRIVATE** to the collection. It can have breaking changes at any time.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

_CONTAINER_LISTS = ("containers", "initContainers", "ephemeralContainers")


def _walk(node, found, load):
    if isinstance(node, dict):
        for key in _CONTAINER_LISTS:
            for container in node.get(key) or []:
                if isinstance(container, dict) and container.get("image"):
                    found.add(str(container["image"]))
        if node.get("kind") == "ConfigMap":
            # A pod template carried as text (Airflow's pod_template_file.yaml for KubernetesExecutor).
            for text in (node.get("data") or {}).values():
                if isinstance(text, str) and "containers:" in text:
                    for doc in load(text):
                        _walk(doc, found, load)
        for value in node.values():
            _walk(value, found, load)
    elif isinstance(node, list):
        for value in node:
            _walk(value, found, load)


def chart_images(rendered, load):
    """Sorted images of every container of the rendered manifests (`rendered`: helm template's output);
    `load` parses a YAML stream into documents (yaml.safe_load_all)."""
    found = set()
    for doc in load(rendered):
        _walk(doc, found, load)
    return sorted(found)


def minikube_base_image(start_help):
    """The node image minikube pins (by digest) for the docker driver, read from `minikube start --help`
    (the default of --base-image), or '' when the text does not carry it."""
    import re
    match = re.search(r"--base-image='([^']+)'", start_help or "")
    return match.group(1) if match else ""
