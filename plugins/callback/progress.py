# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dataeng lab maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: progress
type: stdout
author: dataeng lab maintainers (@dataeng)
short_description: The default output, where a long step says what it waits for instead of printing retry lines
version_added: 0.2.0
description:
  - The output of C(ansible.builtin.default), with one difference. A step that runs longer than O(interval) seconds
    (a package install, a compile, C(minikube start), a Helm release that waits for its pods) prints what it waits
    for and for how long so far, such as
    C(waiting for Start the cluster on lab-pc-01 - 1m20s so far, about 3m05s expected (its last runs here)),
    once every O(interval) seconds, for every host that has not answered yet (one line for all of them).
  - A step that waits by retrying (C(until)) or in the background (C(async) with C(poll)) prints the same line at
    its first retry or poll, instead of C(FAILED - RETRYING ... (N retries left)) and C(ASYNC POLL ... jid=...),
    which read like errors.
  - The expected time is what the same step took on the same host at its last runs on this controller (the median
    of the last five of the runs that printed a line), kept in O(history_file).
  - Set it with C(stdout_callback = dataeng.airflow_lab.progress) in C(ansible.cfg), as the collection's own
    C(ansible.cfg) does.
extends_documentation_fragment:
  - ansible.builtin.default_callback
  - ansible.builtin.result_format_callback
requirements:
  - set as the stdout callback in configuration (stdout_callback)
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
  interval:
    description:
      - How long a step runs before its first line, and the seconds between two lines of the same step.
      - A retry or a poll prints its step's first line at once.
    type: int
    default: 15
    env:
      - name: AIRFLOW_LAB_PROGRESS_INTERVAL
    ini:
      - section: callback_progress
        key: interval
"""

import json
import os
import threading
import time

from ansible.plugins.callback.default import CallbackModule as DefaultCallback

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
    """The line; a role's task is named without its role (the banner above it names the role)."""
    line = "waiting for {0} on {1} - {2} so far".format(task_name.split(" : ", 1)[-1], host, format_duration(elapsed))
    if expect is not None:
        if elapsed <= expect:
            line += ", about {0} expected (its last runs here)".format(format_duration(expect))
        else:
            line += ", longer than the {0} its last runs here took".format(format_duration(expect))
    return line


def due(last_printed, now, interval):
    """Whether a wait prints a line now: its first poll or retry does, then one every interval seconds."""
    return last_printed is None or now - last_printed >= interval


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
    tmp = "{0}.{1}.tmp".format(path, os.getpid())
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(history, handle, indent=1, sort_keys=True)
    os.replace(tmp, path)


def wait_line(task_name, waits, history):
    """One line for a step that hosts are waiting on: waits maps each host to its seconds so far."""
    hosts = sorted(waits)
    expects = [expected(history, step_key(host, task_name)) for host in hosts]
    expect = max(expects) if expects and None not in expects else None
    if len(hosts) == 1:
        where = hosts[0]
    else:
        where = "{0} hosts ({1}{2})".format(len(hosts), ", ".join(hosts[:3]), ", ..." if len(hosts) > 3 else "")
    return progress_line(task_name, where, max(waits.values()), expect)


# Steps that wait for a person, not for work.
INTERACTIVE = frozenset(["pause", "ansible.builtin.pause", "ansible.legacy.pause"])


def _host(result):
    """The result's host, task and data under ansible-core 2.19+ names or the older private ones (2.17)."""
    return getattr(result, "host", None) or result._host


def _task(result):
    return getattr(result, "task", None) or result._task


class CallbackModule(DefaultCallback):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "stdout"
    CALLBACK_NAME = "dataeng.airflow_lab.progress"

    def __init__(self, *args, **kwargs):
        super(CallbackModule, self).__init__(*args, **kwargs)
        # (task uuid, host) -> [step name, start time, time of its last line or None], for every step under way.
        self._running = {}
        self._lock = threading.Lock()
        self._beat = None
        self._stop = threading.Event()
        self._history = None
        self._path = None

    def _option(self, name, fallback):
        try:
            value = self.get_option(name)
        except (KeyError, AttributeError):
            return fallback
        return fallback if value is None else value

    def _interval(self):
        return max(int(self._option("interval", 15)), 1)

    def _history_path(self):
        if self._path is None:
            self._path = os.path.expanduser(self._option("history_file", "~/.cache/airflow-lab/durations.json"))
        return self._path

    def _load(self):
        if self._history is None:
            self._history = load_history(self._history_path())
        return self._history

    # The heartbeat: a thread that looks at the steps under way once a second. Ansible's own worker processes
    # run the steps; this only reads the times the events above recorded, and prints through the display's lock.
    def _start_heartbeat(self):
        if self._beat is None:
            self._beat = threading.Thread(target=self._heartbeat, name="airflow-lab-progress", daemon=True)
            self._beat.start()

    def _heartbeat(self):
        while not self._stop.wait(1.0):
            self.tick(time.time())

    def tick(self, now):
        """Print a line for every step whose hosts have waited past the interval since its last line."""
        interval = self._interval()
        steps = {}
        with self._lock:
            for (_uuid, host), entry in self._running.items():
                if now - entry[1] >= interval and due(entry[2], now, interval):
                    entry[2] = now
                    steps.setdefault(entry[0], {})[host] = now - entry[1]
        for name in sorted(steps):
            self._display.display(wait_line(name, steps[name], self._load()))

    def v2_runner_on_start(self, host, task):
        if getattr(task, "action", "") not in INTERACTIVE:
            with self._lock:
                self._running[(task._uuid, host.get_name())] = [task.get_name(), time.time(), None]
            self._start_heartbeat()
        super(CallbackModule, self).v2_runner_on_start(host, task)

    def _entry(self, result):
        """The step a retry or poll belongs to: a poll's result names ansible-core's own async_status task."""
        host = _host(result).get_name()
        with self._lock:
            entry = self._running.get((_task(result)._uuid, host))
            if entry is None:
                entry = next((value for (_uuid, name), value in self._running.items() if name == host), None)
        return host, entry

    def _progress(self, result):
        host, entry = self._entry(result)
        now = time.time()
        with self._lock:
            if entry is None or not due(entry[2], now, self._interval()):
                return
            entry[2] = now
        self._display.display(wait_line(entry[0], {host: now - entry[1]}, self._load()))

    def v2_runner_on_async_poll(self, result):
        self._progress(result)

    def v2_runner_retry(self, result):
        self._progress(result)

    def v2_runner_on_async_ok(self, result):
        """The step's own ok line follows; the job id is for -v."""
        if self._display.verbosity:
            super(CallbackModule, self).v2_runner_on_async_ok(result)

    def v2_runner_on_async_failed(self, result):
        """The step's own failure follows; the job id is for -v."""
        if self._display.verbosity:
            super(CallbackModule, self).v2_runner_on_async_failed(result)

    def _end(self, result, keep):
        """A step that ended; one that printed a line and succeeded keeps its duration for the next runs."""
        host = _host(result).get_name()
        with self._lock:
            entry = self._running.pop((_task(result)._uuid, host), None)
        if not keep or entry is None or entry[2] is None:
            return
        # Read again first: another run on this controller (another terminal, a test lane) may have written since.
        self._history = record(load_history(self._history_path()), step_key(host, entry[0]), time.time() - entry[1])
        try:
            save_history(self._history_path(), self._history)
        except OSError as error:
            self._display.warning("progress: cannot keep the step durations in {0}: {1}".format(self._path, error))

    def v2_runner_on_ok(self, result):
        self._end(result, True)
        super(CallbackModule, self).v2_runner_on_ok(result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._end(result, False)
        super(CallbackModule, self).v2_runner_on_failed(result, ignore_errors=ignore_errors)

    def v2_runner_on_skipped(self, result):
        self._end(result, False)
        super(CallbackModule, self).v2_runner_on_skipped(result)

    def v2_runner_on_unreachable(self, result):
        self._end(result, False)
        super(CallbackModule, self).v2_runner_on_unreachable(result)

    def v2_playbook_on_stats(self, stats):
        self._stop.set()
        super(CallbackModule, self).v2_playbook_on_stats(stats)
