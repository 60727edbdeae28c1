"""The progress callback: what a long step's poll prints, and the durations it keeps for the next run."""
import json
import os

import pytest

from ansible_collections.dataeng.airflow_lab.plugins.callback import progress


def test_durations_read_as_people_say_them():
    assert [progress.format_duration(s) for s in (0, 42, 185, 3720, -3)] == ["0s", "42s", "3m05s", "1h02m", "0s"]


def test_a_first_run_says_only_the_time_so_far():
    assert progress.progress_line("Start the cluster", "pc1", 80) == "waiting for Start the cluster on pc1 - 1m20s so far"


def test_a_roles_task_reads_without_its_role():
    assert progress.progress_line("dataeng.airflow_lab.redis : Wait for the compile to finish", "pc1", 20) == (
        "waiting for Wait for the compile to finish on pc1 - 20s so far")


def test_a_known_step_says_what_to_expect_and_when_it_runs_late():
    assert progress.progress_line("Compile Redis", "pc1", 60, 185) == (
        "waiting for Compile Redis on pc1 - 1m00s so far, about 3m05s expected (its last runs here)")
    assert progress.progress_line("Compile Redis", "pc1", 200, 185) == (
        "waiting for Compile Redis on pc1 - 3m20s so far, longer than the 3m05s its last runs here took")


def test_no_line_reads_like_an_error():
    line = progress.progress_line("Start the cluster", "pc1", 10, 5).lower()
    assert not any(word in line for word in ("failed", "retrying", "error", "retries"))


def test_the_expected_time_is_the_median_of_the_last_runs():
    history = {}
    for seconds in (100, 300, 110, 120, 130, 900):
        history = progress.record(history, "pc1 | Start", seconds)
    assert history["pc1 | Start"] == [300, 110, 120, 130, 900]
    assert progress.expected(history, "pc1 | Start") == 130
    assert progress.expected({"k": [10, 20]}, "k") == 15
    assert progress.expected(history, "pc2 | Start") is None


def test_the_history_survives_a_broken_file_and_is_written_whole(tmp_path):
    path = tmp_path / "cache" / "durations.json"
    assert progress.load_history(str(path)) == {}
    progress.save_history(str(path), {"pc1 | Start": [12.5]})
    assert json.loads(path.read_text()) == {"pc1 | Start": [12.5]}
    path.write_text("{not json")
    assert progress.load_history(str(path)) == {}


def test_a_wait_prints_at_its_first_poll_then_once_per_interval():
    assert progress.due(None, 100, 15)
    assert not progress.due(100, 110, 15)
    assert progress.due(100, 115, 15)


class _Display:
    verbosity = 0

    def __init__(self):
        self.lines = []

    def display(self, msg, **_kwargs):
        self.lines.append(msg)

    def warning(self, msg, **_kwargs):
        self.lines.append("WARNING " + msg)


class _Task:
    def __init__(self, name, action="ansible.builtin.systemd_service"):
        self._uuid, self._name, self.action = "uuid-" + name, name, action

    def get_name(self):
        return self._name


class _Host:
    def __init__(self, name="pc1"):
        self._name = name

    def get_name(self):
        return self._name


class _Result:
    def __init__(self, task, host="pc1"):
        self.task, self.host, self.task_name, self.result = task, _Host(host), task.get_name(), {}


DEFAULT_EVENTS = ("v2_playbook_on_task_start", "v2_runner_on_start", "v2_runner_on_ok", "v2_runner_on_failed",
                  "v2_runner_on_skipped", "v2_runner_on_unreachable", "v2_runner_on_async_ok",
                  "v2_runner_on_async_failed", "v2_runner_on_async_poll", "v2_runner_retry", "v2_playbook_on_stats")


@pytest.fixture
def callback(tmp_path, monkeypatch):
    """The callback with a fake clock and no heartbeat thread (the tests call tick), and the default callback's own
    lines (banners, ok, failed) as markers."""
    clock = [1000.0]
    monkeypatch.setattr(progress.time, "time", lambda: clock[0])
    for event in DEFAULT_EVENTS:
        monkeypatch.setattr(progress.DefaultCallback, event,
                            lambda self, *args, _event=event, **kwargs: self._display.display("default " + _event))
    plugin = progress.CallbackModule()
    plugin._display = _Display()
    plugin._path = str(tmp_path / "durations.json")
    plugin.get_option = {"interval": 15}.get
    plugin._start_heartbeat = lambda: None
    plugin.clock = clock
    return plugin


def _start(callback, task, *hosts):
    for host in hosts or ("pc1",):
        callback.v2_runner_on_start(_Host(host), task)


def _wait(callback, task, event, result, every, times):
    """A step that starts, then sends an event (a poll, a retry) every few seconds."""
    callback.v2_playbook_on_task_start(task, False)
    _start(callback, task)
    for _time in range(times):
        callback.clock[0] += every
        event(result)


def _lines(callback):
    return [line for line in callback._display.lines if not line.startswith("default v2_runner_on_start")]


def test_a_polled_step_prints_progress_instead_of_job_lines_then_records_its_duration(callback):
    with open(callback._path, "w", encoding="utf-8") as handle:
        json.dump({"pc1 | Start the cluster": [120]}, handle)
    task = _Task("Start the cluster")
    poll = _Task("async_status")
    _wait(callback, task, callback.v2_runner_on_async_poll, _Result(poll), 10, 6)
    callback.v2_runner_on_async_ok(_Result(poll))
    callback.v2_runner_on_ok(_Result(task))
    assert _lines(callback) == [
        "default v2_playbook_on_task_start",
        "waiting for Start the cluster on pc1 - 10s so far, about 2m00s expected (its last runs here)",
        "waiting for Start the cluster on pc1 - 30s so far, about 2m00s expected (its last runs here)",
        "waiting for Start the cluster on pc1 - 50s so far, about 2m00s expected (its last runs here)",
        "default v2_runner_on_ok"]
    with open(callback._path, encoding="utf-8") as handle:
        assert json.load(handle) == {"pc1 | Start the cluster": [120, 60.0]}


def test_retries_read_as_waiting_not_as_failures(callback):
    task = _Task("Wait for the compile to finish")
    _wait(callback, task, callback.v2_runner_retry, _Result(task), 3, 12)
    callback.v2_runner_on_ok(_Result(task))
    assert _lines(callback) == [
        "default v2_playbook_on_task_start",
        "waiting for Wait for the compile to finish on pc1 - 3s so far",
        "waiting for Wait for the compile to finish on pc1 - 18s so far",
        "waiting for Wait for the compile to finish on pc1 - 33s so far",
        "default v2_runner_on_ok"]
    assert not any("RETRYING" in line or "retries" in line for line in callback._display.lines)


def test_a_long_step_that_neither_polls_nor_retries_still_shows_one_line_for_the_hosts_it_waits_on(callback):
    with open(callback._path, "w", encoding="utf-8") as handle:
        json.dump({"pc1 | Install the release": [40], "pc2 | Install the release": [50]}, handle)
    task = _Task("Install the release", action="kubernetes.core.helm")
    _start(callback, task, "pc1", "pc2")
    for now in (1005, 1014):
        callback.tick(now)
    callback.tick(1015)
    callback.clock[0] = 1020
    callback.v2_runner_on_ok(_Result(task, "pc1"))
    callback.tick(1025)
    callback.tick(1030)
    callback.clock[0] = 1061
    callback.v2_runner_on_ok(_Result(task, "pc2"))
    assert _lines(callback) == [
        "waiting for Install the release on 2 hosts (pc1, pc2) - 15s so far, about 50s expected (its last runs here)",
        "default v2_runner_on_ok",
        "waiting for Install the release on pc2 - 30s so far, about 50s expected (its last runs here)",
        "default v2_runner_on_ok"]
    with open(callback._path, encoding="utf-8") as handle:
        assert json.load(handle) == {"pc1 | Install the release": [40, 20.0], "pc2 | Install the release": [50, 61.0]}


def test_many_hosts_read_as_a_count_and_the_first_names():
    line = progress.wait_line("Install Docker", {"pc{0}".format(n): 20 + n for n in range(1, 6)}, {})
    assert line == "waiting for Install Docker on 5 hosts (pc1, pc2, pc3, ...) - 25s so far"


def test_a_step_that_did_not_wait_failed_or_waits_for_a_person_is_not_recorded(callback):
    task = _Task("Install packages")
    _start(callback, task)
    callback.v2_runner_on_ok(_Result(task))
    pause = _Task("Confirm", action="ansible.builtin.pause")
    _start(callback, pause)
    callback.tick(1100)
    callback.v2_runner_on_ok(_Result(pause))
    waiting = _Task("Start the cluster")
    _start(callback, waiting)
    callback.clock[0] += 10
    callback.v2_runner_on_async_poll(_Result(_Task("async_status")))
    callback.v2_runner_on_async_failed(_Result(waiting))
    callback.v2_runner_on_failed(_Result(waiting))
    assert not os.path.exists(callback._path)
    assert "default v2_runner_on_async_failed" not in callback._display.lines
    assert [line for line in _lines(callback) if line.startswith("waiting")] == [
        "waiting for Start the cluster on pc1 - 10s so far"]


def test_the_heartbeat_stops_with_the_play(callback):
    del callback._start_heartbeat
    callback.v2_runner_on_start(_Host(), _Task("Anything"))
    assert callback._beat.daemon and callback._beat.is_alive()
    callback.v2_playbook_on_stats(None)
    callback._beat.join(3)
    assert not callback._beat.is_alive()


def test_two_runs_on_one_controller_keep_each_others_durations(callback, tmp_path):
    other = progress.CallbackModule()
    other._display, other._path, other.get_option = _Display(), callback._path, {"interval": 15}.get
    other._start_heartbeat = lambda: None
    for plugin, name in ((callback, "Install Docker"), (other, "Compile Redis")):
        plugin._load()
    for plugin, name in ((callback, "Install Docker"), (other, "Compile Redis")):
        task = _Task(name)
        _start(plugin, task)
        plugin.tick(callback.clock[0] + 20)
        plugin.v2_runner_on_ok(_Result(task))
    with open(callback._path, encoding="utf-8") as handle:
        assert sorted(json.load(handle)) == ["pc1 | Compile Redis", "pc1 | Install Docker"]
    assert not [name for name in os.listdir(str(tmp_path)) if name.endswith(".tmp")]
