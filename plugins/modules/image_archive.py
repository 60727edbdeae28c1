#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dataeng lab maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: image_archive
author: dataeng lab maintainers (@dataeng)
short_description: Fetch a container image once, verified, into an archive that docker load reads
version_added: 0.1.0
description:
  - Fetches an image from its registry (the distribution API, with Docker Hub's anonymous tokens; no Docker needed)
    into C(<dest_dir>/<name>.tar), in the format of C(docker save) with uncompressed layers.
  - Every byte is verified - the manifest against the pinned digest, the config and the layers against the manifest,
    and each uncompressed layer against the config's C(rootfs.diff_ids).
  - A record beside the archive (C(.json)) keeps the digests; an archive whose record matches the pin is left alone,
    so a rerun transfers nothing. With O(offline), a missing or different archive is an error, never a download.
  - Runs where the archives are kept (the controller, with C(delegate_to)).
options:
  reference:
    description: The image, as a chart or minikube names it (C(apache/airflow:3.2.2), C(quay.io/prometheus/statsd-exporter:v0.28.0)).
    type: str
    required: true
  digest:
    description:
      - The pin, C(sha256:...), of the image's index or of its linux/O(arch) manifest. Empty - the digest the tag points
        to at the first fetch, kept in the record and used from then on.
    type: str
    default: ""
  arch:
    description: The platform's architecture (C(x86_64) or C(amd64), C(aarch64) or C(arm64)).
    type: str
    default: amd64
  dest_dir:
    description: Folder of the archives.
    type: path
    required: true
  endpoints:
    description: Registry name to the URL that serves it (a school's mirror); others are C(https://<registry>).
    type: dict
    default: {}
  offline:
    description: Fail, instead of fetching, when the archive is missing or does not match the pin.
    type: bool
    default: false
extends_documentation_fragment:
  - dataeng.airflow_lab.attributes
  - dataeng.airflow_lab.attributes.changes
"""

EXAMPLES = r"""
- name: Fetch Airflow's image once, on the controller
  dataeng.airflow_lab.image_archive:
    reference: apache/airflow:3.2.2
    dest_dir: /srv/lab-cache/images
  delegate_to: localhost
  run_once: true
"""

RETURN = r"""
archive:
  description: The archive's path.
  returned: always
  type: str
name:
  description: The name:tag C(docker load) gives the image.
  returned: always
  type: str
digest:
  description: The pin (the reference's digest, or the one the tag pointed to at the first fetch).
  returned: when the archive exists or was fetched
  type: str
config:
  description: The image's config digest, which is its image ID once loaded.
  returned: when the archive exists or was fetched
  type: str
bytes:
  description: Bytes fetched from the registry by this run (0 when the archive was already there).
  returned: always
  type: int
"""

import json
import os
import re

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.dataeng.airflow_lab.plugins.module_utils._registry import (
    ImageError, Registry, archive_name, archive_record, canonical_name, parse_reference, write_archive)


def plan(reference, digest, archive, record_path):
    """('keep', record) when the archive is there and matches the pin, else ('fetch', previous record or None)."""
    _registry, _repository, _tag, ref_digest = parse_reference(reference)
    pin = digest or ref_digest
    try:
        with open(record_path) as handle:
            record = json.load(handle)
    except (OSError, ValueError):
        return "fetch", None
    held = archive_record(archive)
    if held and held["config"] == record.get("config") and (not pin or pin in (record.get("digest"), record.get("image"))):
        return "keep", record
    return "fetch", record


def run(module, client=None):
    params = module.params
    reference = params["reference"]
    if params["digest"] and not re.match(r"^sha256:[0-9a-f]{64}$", params["digest"]):
        raise ImageError("digest must be sha256:<64 hex digits>, got {0!r}".format(params["digest"]))
    archive = os.path.join(params["dest_dir"], archive_name(reference))
    record_path = archive[:-len(".tar")] + ".json"
    action, record = plan(reference, params["digest"], archive, record_path)
    result = {"changed": False, "archive": archive, "name": canonical_name(reference), "bytes": 0}
    if action == "keep":
        result.update({"digest": record["digest"], "config": record["config"]})
        return result
    if params["offline"]:
        raise ImageError("offline, and {0} {1}".format(archive, "does not match the pin" if record else "is missing"))
    result["changed"] = True
    result["diff"] = {"before": {"digest": (record or {}).get("digest", "")}, "after": {"digest": params["digest"] or "(the tag's)"}}
    if module.check_mode:
        return result
    if not os.path.isdir(params["dest_dir"]):
        os.makedirs(params["dest_dir"])
    client = client or Registry(params["endpoints"])
    pin_ref = reference if not params["digest"] else reference.split("@")[0] + "@" + params["digest"]
    fetched = write_archive(client, pin_ref, params["arch"], archive)
    fetched["reference"] = reference
    with open(record_path + ".tmp", "w") as handle:
        json.dump(fetched, handle, indent=1, sort_keys=True)
    os.replace(record_path + ".tmp", record_path)
    result.update({"digest": fetched["digest"], "config": fetched["config"], "bytes": fetched["bytes"]})
    return result


def main():
    module = AnsibleModule(
        argument_spec=dict(
            reference=dict(type="str", required=True),
            digest=dict(type="str", default=""),
            arch=dict(type="str", default="amd64"),
            dest_dir=dict(type="path", required=True),
            endpoints=dict(type="dict", default={}),
            offline=dict(type="bool", default=False),
        ),
        supports_check_mode=True,
    )
    try:
        module.exit_json(**run(module))
    except ImageError as exc:
        module.fail_json(msg="{0}: {1}".format(module.params["reference"], exc))


if __name__ == "__main__":
    main()
