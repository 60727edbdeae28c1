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


def role_options(specs, roles):
    """{option: its spec} of the main entry point of each of `roles` (the first role that declares a name wins)."""
    options = {}
    for role in roles:
        entry = (((specs.get(role) or {}).get("argument_specs") or {}).get("main") or {})
        for name, spec in (entry.get("options") or {}).items():
            options.setdefault(name, spec)
    return options


def spec_problems(values, options):
    """What each role's argument spec says of the values given ({name: value}, the user's settings), one message
    each, as the role's own validation words it ("value of x must be one of: a, b, got: c"). Only the names that
    `options` declares are checked; a given value is never "required" (it is there)."""
    from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

    given = dict((name, value) for name, value in values.items() if name in options)
    if not given:
        return []
    spec = {}
    for name in given:
        option = dict(options[name])
        option.pop("required", None)
        spec[name] = option
    return list(ArgumentSpecValidator(spec).validate(given).error_messages)
