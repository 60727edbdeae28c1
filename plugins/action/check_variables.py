# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dataeng lab maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

import yaml

from ansible.errors import AnsibleError
from ansible.plugins.action import ActionBase

from ansible_collections.dataeng.airflow_lab.plugins.module_utils._variables import (
    declared_options, describe, role_options, spec_problems, unknown_variables)

_ROLES = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "roles")
_CACHE = {}


def _specs():
    """The roles' argument specs, read once per controller process."""
    if "specs" not in _CACHE:
        specs = {}
        for role in sorted(os.listdir(_ROLES)):
            path = os.path.join(_ROLES, role, "meta", "argument_specs.yml")
            if os.path.isfile(path):
                with open(path, encoding="utf-8") as handle:
                    specs[role] = yaml.safe_load(handle)
        _CACHE["specs"] = specs
    return _CACHE["specs"]


class ActionModule(ActionBase):
    """Runs on the controller only: it reads the host's variables and the roles' argument specs."""

    TRANSFERS_FILES = False
    _requires_connection = False
    _VALID_ARGS = frozenset(("strict", "roles"))

    def _given(self, task_vars, options):
        """The values the user gave for `options`, templated; one that needs what this play lacks (a fact) is left
        to its role, which checks it when it starts."""
        given = {}
        for name in options:
            if name in task_vars:
                try:
                    given[name] = self._templar.template(task_vars[name])
                except AnsibleError:
                    continue
        return given

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        strict = self._task.args.get("strict", False)
        if not isinstance(strict, bool):
            return dict(result, failed=True, msg="strict must be true or false, got {0!r}".format(strict))
        roles = self._task.args.get("roles", [])
        if not isinstance(roles, list) or not all(isinstance(role, str) for role in roles):
            return dict(result, failed=True, msg="roles must be a list of role names, got {0!r}".format(roles))
        specs = _specs()
        options = role_options(specs, roles)
        result["spec_problems"] = spec_problems(self._given(task_vars or {}, options), options)
        prefixes = [role + "_" for role in specs]
        found = unknown_variables((task_vars or {}).keys(), declared_options(specs), prefixes)
        lines = describe(found)
        result.update(changed=False, unknown=[dict(name=name, suggestion=nearest) for name, nearest in found])
        if lines and strict:
            result.update(failed=True, msg="Unknown variables (lab_strict_variables is true):\n- " + "\n- ".join(lines))
        elif lines:
            result["warnings"] = lines + ["set lab_strict_variables: true to stop on unknown variables"]
            result["msg"] = "{0} unknown variable(s)".format(len(lines))
        else:
            result["msg"] = "every variable with a role's prefix is a declared setting"
        return result
