"""The progress callback: what a long step's poll prints, and the durations it keeps for the next run."""
import json

from ansible_collections.dataeng.airflow_lab.plugins.callback import progress


def test_durations_read_as_people_say_them():
    assert [progress.format_duration(s) for s in (0, 42, 185, 3720, -3)] == ["0s", "42s", "3m05s", "1h02m", "0s"]


def test_a_first_run_says_only_the_time_so_far():
    assert progress.progress_line("Start the cluster", "pc1", 80) == "waiting for Start the cluster on pc1 - 1m20s so far"


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


class _Display:
    verbosity = 0

    def __init__(self):
        self.lines = []

    def display(self, msg, **_kwargs):
        self.lines.append(msg)

    def warning(self, msg, **_kwargs):
        self.lines.append("WARNING " + msg)


class _Task:
    def __init__(self, name, async_val=600, poll=10):
        self._uuid, self.async_val, self.poll, self._name = "uuid-" + name, async_val, poll, name

    def get_name(self):
        return self._name


class _Host:
    def get_name(self):
        return "pc1"


class _Result:
    def __init__(self, task):
        self._task, self._host, self.task_name = task, _Host(), task.get_name()


def test_a_polled_step_prints_progress_then_records_its_duration(tmp_path, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(progress.time, "time", lambda: clock[0])
    history = tmp_path / "durations.json"
    history.write_text(json.dumps({"pc1 | Start the cluster": [120]}))
    callback = progress.CallbackModule(display=_Display())
    callback._path = str(history)
    task = _Task("Start the cluster")
    callback.v2_playbook_on_task_start(task, False)
    for _poll in range(3):
        clock[0] += 30
        callback.v2_runner_on_async_poll(_Result(task))
    callback.v2_runner_on_ok(_Result(task))
    assert callback._display.lines == [
        "waiting for Start the cluster on pc1 - 30s so far, about 2m00s expected (its last runs here)",
        "waiting for Start the cluster on pc1 - 1m00s so far, about 2m00s expected (its last runs here)",
        "waiting for Start the cluster on pc1 - 1m30s so far, about 2m00s expected (its last runs here)"]
    assert json.loads(history.read_text()) == {"pc1 | Start the cluster": [120, 90.0]}


def test_a_step_that_does_not_run_in_the_background_is_not_recorded(tmp_path):
    callback = progress.CallbackModule(display=_Display())
    callback._path = str(tmp_path / "durations.json")
    task = _Task("Install packages", async_val=0, poll=0)
    callback.v2_playbook_on_task_start(task, False)
    callback.v2_runner_on_ok(_Result(task))
    assert not (tmp_path / "durations.json").exists() and callback._display.lines == []
