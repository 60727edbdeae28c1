"""docs/versions.md lists every pin of the roles' defaults and of requirements/ (versions, checksums, packages,
images), so that a bump cannot skip the page that says where the checksum comes from and when support ends."""
import glob
import os
import re

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PIN = re.compile(r"^(v?\d+\.\d+\.\d+|sha256:[0-9a-f]{64}|[A-Za-z0-9_.-]+==[\w.]+|[a-z0-9./-]+:\d[\w.-]*)$")


def _strings(node):
    if isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)
    elif isinstance(node, str):
        yield node


def pins():
    found = {}
    for path in sorted(glob.glob(os.path.join(ROOT, "roles", "*", "defaults", "main.yml"))):
        with open(path, encoding="utf-8") as handle:
            for value in _strings(yaml.safe_load(handle) or {}):
                if PIN.match(value):
                    found.setdefault(value, os.path.relpath(path, ROOT))
    for path in sorted(glob.glob(os.path.join(ROOT, "requirements", "*.txt"))):
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if PIN.match(line.strip()):
                    found.setdefault(line.strip(), os.path.relpath(path, ROOT))
    return found


def test_the_pins_are_found():
    found = pins()
    assert {"7.2.15", "v4.1.4", "v3.20.2", "1.22.0", "ansible==14.5.0", "kubernetes==37.0.2", "spark:3.5.5",
            "apache-airflow-providers-cncf-kubernetes==10.25.0"} <= set(found)


def test_every_pin_is_listed_in_docs_versions():
    with open(os.path.join(ROOT, "docs", "versions.md"), encoding="utf-8") as handle:
        page = handle.read()
    missing = {pin: where for pin, where in pins().items() if pin not in page}
    assert missing == {}, "add these pins to docs/versions.md: {0}".format(missing)
