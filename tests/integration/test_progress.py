"""The progress callback in real ansible-playbook runs, as the checkout's ansible.cfg sets it: steps of a known length
(one in the foreground, one in the background, one that retries) print progress lines, no job ids and no retry
lines, and the second run says how long to expect (from the first run's durations)."""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LINE = r"^waiting for {0} on localhost - \d+s so far"
STEPS = ("Run something slow", "Build something slow", "Wait for the slow thing to finish")


def _run(tmp_path, *extra):
    env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"), ANSIBLE_NOCOLOR="1",
               AIRFLOW_LAB_PROGRESS_HISTORY=str(tmp_path / "durations.json"), AIRFLOW_LAB_PROGRESS_INTERVAL="2",
               ANSIBLE_LOCAL_TEMP=str(tmp_path / "ansible-tmp"))
    env.pop("ANSIBLE_STDOUT_CALLBACK", None)
    marker = tmp_path / "done"
    if marker.exists():
        marker.unlink()
    cmd = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", "localhost,", "-c", "local",
           "-e", "ansible_python_interpreter=" + sys.executable, "-e", "marker=" + str(marker),
           os.path.join(ROOT, "tests", "integration", "playbooks", "progress.yml")] + list(extra)
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=120)


def _waits(output, step):
    return [line for line in output.splitlines() if line.startswith("waiting for " + step + " on")]


def test_long_steps_report_progress_and_what_to_expect(tmp_path):
    first = _run(tmp_path)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-2000:]
    for step in STEPS:
        lines = _waits(first.stdout, step)
        assert lines and all(re.match(LINE.format(step) + "$", line) for line in lines), first.stdout
        # A line every 2 s at most (AIRFLOW_LAB_PROGRESS_INTERVAL), however long the step takes on a busy machine: the
        # rounded seconds of two lines 2 s or more apart differ by 2 or more (a count of lines would depend on the
        # machine's load: this 4 s step took 9 s in a suite run on two busy cores and printed four lines).
        seconds = [int(re.search(r" - (\d+)s so far", line).group(1)) for line in lines]
        assert all(later - earlier >= 2 for earlier, later in zip(seconds, seconds[1:])), lines
    for noise in ("RETRYING", "retries left", "ASYNC POLL", "ASYNC OK", "jid="):
        assert noise not in first.stdout, first.stdout
    assert "ok: [localhost]" in first.stdout and "PLAY RECAP" in first.stdout
    second = _run(tmp_path)
    assert second.returncode == 0, second.stdout[-3000:]
    for step in STEPS:
        lines = _waits(second.stdout, step)
        assert lines and all(re.match(LINE.format(step) + ", (about \\d+s expected \\(its last runs here\\)|longer "
                                      "than the \\d+s its last runs here took)$", line) for line in lines), lines


def test_a_failed_wait_shows_its_error_and_is_not_an_expectation(tmp_path):
    run = _run(tmp_path, "-e", "fail_a_wait=true", "-e", "seconds=1")
    assert run.returncode == 2, run.stdout[-3000:]
    assert "the slow thing broke" in run.stdout and "ASYNC FAILED" not in run.stdout
    assert _waits(run.stdout, "Fail a wait")
    assert "localhost | Fail a wait" not in (tmp_path / "durations.json").read_text()
