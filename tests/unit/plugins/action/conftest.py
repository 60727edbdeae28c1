"""The action tests' one way to run a play with a real ansible-playbook, on localhost, with this checkout's
ansible.cfg: play(tmp_path, text, extra_vars, *args) -> (rc, each task's result on localhost, in order)."""
import json
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))


def _play(tmp_path, text, extra_vars=None, *args):
    path = tmp_path / "play.yml"
    path.write_text(text)
    env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"), ANSIBLE_STDOUT_CALLBACK="ansible.posix.json",
               ANSIBLE_LOCAL_TEMP=str(tmp_path / "tmp"))
    proc = subprocess.run([os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", "localhost,", "-c", "local",
                           "-e", json.dumps(extra_vars or {}), str(path)] + list(args),
                          cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=120)
    doc = json.loads(proc.stdout[proc.stdout.find("{"):])
    return proc.returncode, [task["hosts"]["localhost"] for task in doc["plays"][0]["tasks"]]


@pytest.fixture
def play():
    return _play
