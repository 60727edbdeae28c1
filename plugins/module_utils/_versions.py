# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dataeng lab maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which Helm line the controller's kubernetes.core can drive: the one table the helm role reads."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import re

# (Helm major, first kubernetes.core release that drives it, why). Newest line first. kubernetes.core before
# 6.4.0 parses `helm plugin list` as 3 tab-separated columns; Helm 4 prints 6, and helm_plugin,
# helm_plugin_info and helm (with helm-diff installed) stop with "too many values to unpack".
HELM_LINES = (
    ("4", "6.4.0", "kubernetes.core reads Helm 4's plugin list from 6.4.0 on"),
    ("3", "2.0.0", "kubernetes.core 2.0.0 and later drive Helm 3"),
)


# The oldest helm-diff each Helm line runs with. kubernetes.core.helm turns its check of whether a release would
# change off (a warning, then every run upgrades) when Helm 4 meets a helm-diff older than 3.14.0; 3.4.1 is the
# oldest it uses at all.
HELM_DIFF_MINIMUM = {"4": "3.14.0", "3": "3.4.1"}
# (first helm-diff release, oldest Helm 3 release that loads it): from 3.13.0 on, helm-diff's plugin.yaml
# declares platformHooks, which Helm 3 reads from 3.18.0 on (before, "unknown field platformHooks").
HELM_DIFF_NEEDS_HELM3 = (("3.13.0", "3.18.0"),)

_RELEASE = re.compile(r"^v?[0-9]+\.[0-9]+\.[0-9]+$")


def _key(version):
    parts = []
    for part in str(version).lstrip("v").split("-", 1)[0].split("."):
        parts.append(int(part) if part.isdigit() else 0)
    return tuple(parts + [0] * (3 - len(parts)))


def helm_majors(kubernetes_core):
    """The Helm majors this kubernetes.core version drives, newest first ([] when it is unknown)."""
    if not kubernetes_core:
        return []
    return [major for major, first, _why in HELM_LINES if _key(kubernetes_core) >= _key(first)]


def helm_pair_problem(helm_version, kubernetes_core):
    """Why this Helm release and this kubernetes.core cannot work together ('' when they can, or when
    `helm_version` is not a release number: the role's own check names that)."""
    if not _RELEASE.match(str(helm_version)):
        return ""
    major = str(helm_version).lstrip("v").split(".", 1)[0]
    if not kubernetes_core:
        return ("kubernetes.core is not installed on the controller, so no Helm release can be driven: install the "
                "Ansible release of requirements/ (make site does)")
    majors = helm_majors(kubernetes_core)
    if major in majors:
        return ""
    if not majors:
        oldest = HELM_LINES[-1]
        return ("kubernetes.core {0} drives no Helm line the lab knows: kubernetes.core {1} is the first ({2}); "
                "install the Ansible release of requirements/ (make site does)").format(
                    kubernetes_core, oldest[1], oldest[2])
    line = next((entry for entry in HELM_LINES if entry[0] == major), None)
    if line is None:
        return "helm_version {0}: the lab knows no Helm {1} line (known: {2})".format(
            helm_version, major, ", ".join(entry[0] for entry in HELM_LINES))
    return ("helm_version {0} needs kubernetes.core {1} or later ({2}), but the controller has kubernetes.core {3}: "
            "run the controller on Python 3.12 or later (ansible 14 bundles kubernetes.core 6.6.0), or leave "
            "helm_version unset so that the helm role installs the Helm {4} release it pins").format(
                helm_version, line[1], line[2], kubernetes_core, majors[0])


def helm_diff_problem(helm_version, helm_diff_version):
    """Why this helm-diff release cannot serve this Helm release ('' when it can, when no plugin is wanted, or
    when either is not a release number: the role's own checks name that)."""
    if not (_RELEASE.match(str(helm_version)) and _RELEASE.match(str(helm_diff_version))):
        return ""
    major = str(helm_version).lstrip("v").split(".", 1)[0]
    if major == "3":
        for first_diff, oldest_helm in HELM_DIFF_NEEDS_HELM3:
            if _key(helm_diff_version) >= _key(first_diff) and _key(helm_version) < _key(oldest_helm):
                return ("helm_diff_version {0} needs Helm {1} or later (its plugin.yaml declares platformHooks), "
                        "but helm_version is {2}: pin Helm {1} or later (the role's Helm 3 pin is), or a helm-diff "
                        "older than {3}").format(helm_diff_version, oldest_helm, helm_version, first_diff)
    minimum = HELM_DIFF_MINIMUM.get(major)
    if minimum is None or _key(helm_diff_version) >= _key(minimum):
        return ""
    return ("helm_diff_version {0} is older than {1}, the first helm-diff that kubernetes.core.helm uses with "
            "Helm {2} (helm_version {3}); with it every run would upgrade the releases: pin helm-diff {1} or "
            "later, or leave helm_diff_version at the role's default").format(
                helm_diff_version, minimum, major, helm_version)


def collection_version(path):
    """The version of the collection installed at `path` (MANIFEST.json, or galaxy.yml for a source tree)."""
    manifest = os.path.join(path, "MANIFEST.json")
    if os.path.isfile(manifest):
        with open(manifest) as handle:
            return json.load(handle)["collection_info"]["version"]
    galaxy = os.path.join(path, "galaxy.yml")
    if os.path.isfile(galaxy):
        with open(galaxy) as handle:
            for line in handle:
                if line.startswith("version:"):
                    return line.split(":", 1)[1].strip().strip("'\"")
    return ""
