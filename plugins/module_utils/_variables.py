# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dataeng lab maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Variables that carry a role's prefix (or lab_) but that no argument spec declares: usually a typo."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import difflib


def declared_options(specs):
    """Every option name of every entry point of {role: argument_specs document}."""
    names = set()
    for document in specs.values():
        for entry in ((document or {}).get("argument_specs") or {}).values():
            names.update(((entry or {}).get("options") or {}).keys())
    return names


def unknown_variables(names, declared, prefixes):
    """[(name, nearest declared name or '')] for each name with one of `prefixes` that is not declared."""
    declared = sorted(declared)
    found = []
    for name in sorted(set(names)):
        if name in declared or not any(name.startswith(prefix) for prefix in prefixes):
            continue
        same_prefix = [d for d in declared if d.split("_", 1)[0] == name.split("_", 1)[0]] or declared
        nearest = difflib.get_close_matches(name, same_prefix, n=1, cutoff=0.75)
        found.append((name, nearest[0] if nearest else ""))
    return found


def describe(found):
    """One line per unknown variable, with the suggestion."""
    return ["{0} is not a setting of any dataeng.airflow_lab role{1}".format(
        name, "; did you mean {0}?".format(nearest) if nearest else "") for name, nearest in found]
