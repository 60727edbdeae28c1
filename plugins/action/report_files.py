# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dataeng lab maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

from ansible.plugins.action import ActionBase

from ansible_collections.dataeng.airflow_lab.plugins.module_utils._report_files import (
    file_problems, read_current, to_write, write_atomically)


class ActionModule(ActionBase):
    """Writes on the controller, in this process: no module to start, no file to transfer."""

    TRANSFERS_FILES = False
    _requires_connection = False
    _VALID_ARGS = frozenset(("dir", "files"))

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        folder = self._task.args.get("dir")
        files = self._task.args.get("files")
        problems = file_problems(folder, files)
        if problems:
            return dict(result, failed=True, msg="report_files: " + "; ".join(problems))
        current = {item["name"]: read_current(folder, item["name"]) for item in files}
        names = to_write(files, current)
        result.update(changed=bool(names), written=names, dir=folder)
        if self._task.diff and names:
            result["diff"] = [dict(before_header=os.path.join(folder, item["name"]), after_header=os.path.join(folder, item["name"]),
                                   before=current[item["name"]] or "", after=item["content"])
                              for item in files if item["name"] in names]
        if self._task.check_mode or not names:
            return result
        try:
            if not os.path.isdir(folder):
                os.makedirs(folder, 0o755)
            for item in files:
                if item["name"] in names:
                    write_atomically(folder, item["name"], item["content"], 0o644)
        except OSError as err:
            return dict(result, failed=True, msg="report_files: could not write in {0}: {1}".format(folder, err))
        return result
