"""The playbooks read some lab settings before any role runs (hosts:, the layer skip, the settings and artifact
plays), so they carry a fallback for them: each fallback must be the lab role's own default."""
import ast
import glob
import os
import re

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
FALLBACK = re.compile(r"\b(lab_[a-z_]+) \| default\(([^()]*(?:\([^()]*\))?[^()]*)\)")


def _lab_defaults():
    with open(os.path.join(ROOT, "roles", "lab", "defaults", "main.yml"), encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _fallbacks():
    found = []
    for path in sorted(glob.glob(os.path.join(ROOT, "playbooks", "**", "*.yml"), recursive=True)):
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                for name, value in FALLBACK.findall(line):
                    found.append((os.path.relpath(path, ROOT), number, name, value))
    return found


def test_the_playbooks_have_fallbacks_to_check():
    assert {name for _path, _line, name, _value in _fallbacks()} >= {"lab_hosts", "lab_layers"}


@pytest.mark.parametrize("path,line,name,value", _fallbacks())
def test_each_fallback_is_the_lab_default(path, line, name, value):
    defaults = _lab_defaults()
    assert name in defaults, f"{path}:{line}: {name} is not a lab setting"
    literal = ast.literal_eval(value.replace("false", "False").replace("true", "True"))
    assert literal == defaults[name], f"{path}:{line}: {name} falls back to {literal!r}, the lab role says {defaults[name]!r}"
