# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dataeng lab maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: progress
type: aggregate
author: dataeng lab maintainers (@dataeng)
short_description: Says what a long step waits for, for how long so far, and how long it took last time
version_added: 0.2.0
description:
  - For every task that runs in the background (C(async) with C(poll)), prints one line per poll instead of silence
    or retry lines, such as C(waiting for Start the cluster on lab-pc-01 - 1m20s so far, about 3m05s expected).
  - The expected time is what the same task took on the same host at its last runs on this controller (the median of
    the last five), kept in O(history_file).
  - Enable it with C(callbacks_enabled = dataeng.airflow_lab.progress) in C(ansible.cfg); it adds lines, it does not
    replace the stdout callback.
requirements:
  - enable in configuration (callbacks_enabled)
options:
  history_file:
    description: Where the durations of the long steps are kept on the controller (JSON).
    type: path
    default: ~/.cache/airflow-lab/durations.json
    env:
      - name: AIRFLOW_LAB_PROGRESS_HISTORY
    ini:
      - section: callback_progress
        key: history_file
"""

import json
import os
import time

from ansible.plugins.callback import CallbackBase

# The runs kept per step: the median of the last few is the time to expect.
KEEP = 5


def format_duration(seconds):
    """1h02m, 3m05s, 42s."""
    seconds = int(round(max(seconds, 0)))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return "{0}h{1:02d}m".format(hours, minutes)
    if minutes:
        return "{0}m{1:02d}s".format(minutes, secs)
    return "{0}s".format(secs)


def step_key(host, task_name):
    return "{0} | {1}".format(host, task_name)


def expected(history, key):
    """The median of the recorded durations of a step, or None."""
    runs = sorted(history.get(key, []))
    if not runs:
        return None
    middle = len(runs) // 2
    return runs[middle] if len(runs) % 2 else (runs[middle - 1] + runs[middle]) / 2.0


def record(history, key, seconds):
    """The history with one more run of a step (the last KEEP kept)."""
    updated = dict(history)
    updated[key] = (list(history.get(key, [])) + [round(seconds, 1)])[-KEEP:]
    return updated


def progress_line(task_name, host, elapsed, expect=None):
    line = "waiting for {0} on {1} - {2} so far".format(task_name, host, format_duration(elapsed))
    if expect is not None:
        if elapsed <= expect:
            line += ", about {0} expected (its last runs here)".format(format_duration(expect))
        else:
            line += ", longer than the {0} its last runs here took".format(format_duration(expect))
    return line


def load_history(path):
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def save_history(path, history):
    folder = os.path.dirname(path)
    if folder and not os.path.isdir(folder):
        os.makedirs(folder, mode=0o700)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(history, handle, indent=1, sort_keys=True)
    os.replace(tmp, path)


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "dataeng.airflow_lab.progress"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, display=None):
        super(CallbackModule, self).__init__(display=display)
        self._started = {}
        # The task the play runs now: a poll's result names ansible-core's own async_status task, not the step.
        self._current = None
        self._history = None
        self._path = None

    def _history_path(self):
        if self._path is None:
            try:
                self._path = os.path.expanduser(self.get_option("history_file"))
            except (KeyError, AttributeError):
                self._path = os.path.expanduser("~/.cache/airflow-lab/durations.json")
        return self._path

    def _load(self):
        if self._history is None:
            self._history = load_history(self._history_path())
        return self._history

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._started[task._uuid] = time.time()
        self._current = (task.get_name(), self._started[task._uuid])

    def v2_runner_on_async_poll(self, result):
        host = result._host.get_name()
        if result._task._uuid in self._started:
            name, started = result.task_name or result._task.get_name(), self._started[result._task._uuid]
        else:
            name, started = self._current or (result._task.get_name(), time.time())
        self._display.display(progress_line(name, host, time.time() - started,
                                            expected(self._load(), step_key(host, name))))

    def _finish(self, result):
        if not (result._task.async_val and result._task.poll):
            return
        started = self._started.get(result._task._uuid)
        if started is None:
            return
        host = result._host.get_name()
        name = result.task_name or result._task.get_name()
        self._history = record(self._load(), step_key(host, name), time.time() - started)
        try:
            save_history(self._history_path(), self._history)
        except OSError as error:
            self._display.warning("progress: cannot keep the step durations in {0}: {1}".format(self._path, error))

    def v2_runner_on_ok(self, result):
        self._finish(result)
