"""The check_inputs action run by a real ansible-playbook: every problem listed, nothing when fine, in check mode too."""
import json
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))

PLAY = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: Check
      dataeng.airflow_lab.check_inputs:
        subject: demo role input
        problems:
          - "{{ 'demo_size must be a quantity, got ' ~ demo_size if demo_size is not match('^[0-9]+Gi$') else '' }}"
          - "{{ ['demo_items[0] needs a name'] if demo_bad_items else [] }}"
"""


def run(tmp_path, extra, *args):
    play = tmp_path / "play.yml"
    play.write_text(PLAY)
    env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"), ANSIBLE_STDOUT_CALLBACK="ansible.posix.json",
               ANSIBLE_LOCAL_TEMP=str(tmp_path / "tmp"))
    proc = subprocess.run([os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", "localhost,", "-c", "local",
                           "-e", json.dumps(extra), str(play)] + list(args),
                          cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=120)
    doc = json.loads(proc.stdout[proc.stdout.find("{"):])
    return proc.returncode, doc["plays"][0]["tasks"][0]["hosts"]["localhost"]


@pytest.mark.parametrize("check_mode", [[], ["--check"]])
def test_every_problem_is_listed_before_any_change(tmp_path, check_mode):
    rc, result = run(tmp_path, {"demo_size": "1GB", "demo_bad_items": True}, *check_mode)
    assert rc == 2
    assert result["msg"] == "demo role input: 2 problem(s):\n- demo_size must be a quantity, got 1GB\n- demo_items[0] needs a name"
    assert result["problems"] == ["demo_size must be a quantity, got 1GB", "demo_items[0] needs a name"]


def test_fine_inputs_pass_unchanged(tmp_path):
    rc, result = run(tmp_path, {"demo_size": "1Gi", "demo_bad_items": False})
    assert rc == 0
    assert result["changed"] is False and result["problems"] == []
