# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dataeng lab maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.plugins.action import ActionBase

from ansible_collections.dataeng.airflow_lab.plugins.module_utils._checks import (
    COLLECTED, collect_problems, collected_lines, problems_message)


class ActionModule(ActionBase):
    """Runs on the controller only: the problems were computed by the templating of the task's arguments."""

    TRANSFERS_FILES = False
    _requires_connection = False
    _VALID_ARGS = frozenset(("subject", "problems", "collect"))

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        subject = self._task.args.get("subject")
        problems = self._task.args.get("problems")
        collect = self._task.args.get("collect", False)
        if not isinstance(subject, str) or not subject or not isinstance(problems, list) or not isinstance(collect, bool):
            return dict(result, failed=True,
                        msg="check_inputs needs a subject (text), problems (a list) and collect true or false")
        try:
            found = collect_problems(problems)
        except ValueError as err:
            return dict(result, failed=True, msg="{0}: {1}".format(subject, err))
        result.update(changed=False, problems=found)
        if collect:
            kept = list((task_vars or {}).get(COLLECTED, []))
            kept += [line for line in collected_lines(subject, found) if line not in kept]
            result.update(ansible_facts={COLLECTED: kept}, msg="{0}: {1} problem(s) kept for later".format(subject, len(found)))
        elif found:
            result.update(failed=True, msg=problems_message(subject, found))
        else:
            result["msg"] = "{0}: no problem".format(subject)
        return result
