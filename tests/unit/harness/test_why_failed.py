"""tests/harness/why-failed.awk: what the suite prints last for a failed scenario (a CI page shows only the end)."""
import os
import subprocess

ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "..")
AWK = os.path.join(ROOT, "tests", "harness", "why-failed.awk")

# As the progress callback prints a failed loop item: the item's own fields come first and are long (CI's newcomer
# failure on 2026-12-07 printed 14 lines of them and never reached the message).
LOG = """TASK [Create molecule instance(s)] *****
changed: [localhost] => (item=newcomer-py311)
TASK [Wait for instance(s) creation to complete] *****
failed: [localhost] (item=newcomer-py311) =>
    ansible_job_id: j1.2
    attempts: 2
    changed: false
    item:
        ansible_job_id: j1.2
        item:
            capabilities:
            - SYS_ADMIN
            - NET_ADMIN
            msg: not this one
            name: newcomer-py311
    msg: |-
        Error response from daemon: the reason
        and its second line
    rc: 1
    stdout: ''

PLAY RECAP *****
"""


def why(text, tmp_path):
    log = tmp_path / "scenario.log"
    log.write_text(text)
    return subprocess.run(["awk", "-f", AWK, str(log)], check=True, capture_output=True, text=True).stdout.splitlines()


def test_the_reason_of_the_last_failed_task_is_printed_not_the_item(tmp_path):
    assert why(LOG, tmp_path) == [
        "failed: [localhost] (item=newcomer-py311) =>",
        "    msg: |-",
        "        Error response from daemon: the reason",
        "        and its second line",
        "    rc: 1",
        "    stdout: ''",
    ]


def test_the_last_failed_task_wins_and_a_record_without_reason_fields_prints_its_first_lines(tmp_path):
    text = "fatal: [a]: FAILED! =>\n    msg: first\n\nfatal: [b]: FAILED! =>\n    changed: false\n    item: x\n\nPLAY RECAP\n"
    assert why(text, tmp_path) == ["fatal: [b]: FAILED! =>", "    changed: false", "    item: x", "", "PLAY RECAP"]


def test_without_a_failed_task_molecule_s_error_is_printed(tmp_path):
    text = "INFO something\nERROR    Computed fully qualified role name\nmore\n"
    assert why(text, tmp_path)[:2] == ["ERROR    Computed fully qualified role name", "more"]
