# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dataeng lab maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.plugins.action import ActionBase

from ansible_collections.dataeng.airflow_lab.plugins.module_utils._checks import collect_problems, problems_message


class ActionModule(ActionBase):
    """Runs on the controller only: the problems were computed by the templating of the task's arguments."""

    TRANSFERS_FILES = False
    _requires_connection = False
    _VALID_ARGS = frozenset(("subject", "problems"))

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        subject = self._task.args.get("subject")
        problems = self._task.args.get("problems")
        if not isinstance(subject, str) or not subject or not isinstance(problems, list):
            return dict(result, failed=True, msg="check_inputs needs a subject (text) and problems (a list)")
        try:
            found = collect_problems(problems)
        except ValueError as err:
            return dict(result, failed=True, msg="{0}: {1}".format(subject, err))
        result.update(changed=False, problems=found)
        if found:
            result.update(failed=True, msg=problems_message(subject, found))
        else:
            result["msg"] = "{0}: no problem".format(subject)
        return result
