"""The progress callback in a real ansible-playbook run: a step of a known length prints progress lines, no retry
lines, and the second run says how long to expect (from the first run's duration)."""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _run(tmp_path):
    env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"), ANSIBLE_NOCOLOR="1",
               ANSIBLE_CALLBACKS_ENABLED="dataeng.airflow_lab.progress",
               AIRFLOW_LAB_PROGRESS_HISTORY=str(tmp_path / "durations.json"),
               ANSIBLE_LOCAL_TEMP=str(tmp_path / "ansible-tmp"))
    cmd = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", "localhost,", "-c", "local",
           "-e", "ansible_python_interpreter=" + sys.executable,
           os.path.join(ROOT, "tests", "integration", "playbooks", "progress.yml")]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=120)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    return [line for line in proc.stdout.splitlines() if line.startswith("waiting for ")], proc.stdout


def test_a_long_step_reports_progress_and_what_to_expect(tmp_path):
    first, output = _run(tmp_path)
    assert len(first) >= 2, output
    assert all(re.match(r"^waiting for Build something slow on localhost - \d+s so far$", line) for line in first), first
    assert "RETRYING" not in output and "retries left" not in output
    second, output = _run(tmp_path)
    assert second and all("expected (its last runs here)" in line or "longer than" in line for line in second), second
    assert (tmp_path / "durations.json").is_file()
