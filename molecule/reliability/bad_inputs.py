"""Run every case of bad_inputs.yml against the converged instance, in one ansible-playbook run.

Each case applies one role with one wrong value and must fail with a message naming the variable and what is
wrong. The cases are the plays of one playbook written here (a play per case, its values as the play's variables,
the failure rescued so that the next play runs): one run instead of one per case, which cost most of this
scenario's time. Prints one line per case; exits 1 if any case is off.
"""
import json
import os
import subprocess
import sys
import tempfile

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))


def playbook(cases):
    """The facts once, then a play per case: the case's values and the role as play variables."""
    plays = [{"name": "Gather the facts once", "hosts": "all", "gather_facts": True, "tasks": []}]
    for number, case in enumerate(cases):
        plays.append({
            "name": "case {0}".format(number), "hosts": "all", "gather_facts": False,
            "vars": dict(case["vars"], bad_role=case["role"]),
            "tasks": [{"name": "Apply the case", "block": [
                {"name": "Apply the role", "ansible.builtin.import_tasks": os.path.join(HERE, "bad_case_tasks.yml")}],
                "rescue": [{"name": "Refused", "ansible.builtin.debug": {"msg": "refused", "verbosity": 1}}]}]})
    return plays


def judge(case, play):
    """ok, detail for one case from its play's results."""
    results = [(t["task"]["name"], h) for t in play["tasks"] for h in t["hosts"].values()]
    failures = [(name, h) for name, h in results if h.get("failed")]
    changed = sum(1 for _name, h in results if h.get("changed"))
    if not failures:
        return False, "accepted"
    message = str(failures[0][1].get("msg", ""))
    missing = [e for e in case["expect"] if e not in message]
    if missing or changed:
        return False, "changed={0}, missing {1} in: {2}".format(changed, missing, message[:600])
    return True, message.splitlines()[0][:120] if message else ""


def run(cases):
    """Each case with its (ok, detail), from one run."""
    env = dict(os.environ, ANSIBLE_STDOUT_CALLBACK="ansible.posix.json", ANSIBLE_NOCOLOR="1")
    with tempfile.NamedTemporaryFile("w", suffix=".yml", prefix="bad-inputs-", delete=False) as handle:
        yaml.safe_dump(playbook(cases), handle, sort_keys=False)
    try:
        proc = subprocess.run(["ansible-playbook", "-i", os.environ["MOLECULE_INVENTORY_FILE"], handle.name],
                              env=env, capture_output=True, text=True, check=False, timeout=1800)
    finally:
        os.unlink(handle.name)
    try:
        # Other callbacks may print after the JSON document: read just the document.
        doc = json.JSONDecoder().raw_decode(proc.stdout[proc.stdout.index("{"):])[0]
    except ValueError:
        detail = "no JSON output (rc={0}): {1} {2}".format(proc.returncode, proc.stdout[-300:], proc.stderr[-300:])
        return [(case, False, detail) for case in cases]
    plays = {play["play"]["name"]: play for play in doc["plays"]}
    judged = []
    for number, case in enumerate(cases):
        play = plays.get("case {0}".format(number))
        judged.append((case, *(judge(case, play) if play else (False, "its play did not run"))))
    return judged


def kernel_has_9p():
    """The instances share this kernel: a case that needs a kernel without 9p cannot run on one that has it."""
    with open("/proc/filesystems", encoding="utf-8") as handle:
        return "9p" in handle.read().split()


def main():
    with open(os.path.join(HERE, "bad_inputs.yml"), encoding="utf-8") as handle:
        cases = yaml.safe_load(handle)["bad_inputs"]
    if kernel_has_9p():
        for case in [c for c in cases if c.get("needs_kernel_without_9p")]:
            print("SKIP {0} {1}: this kernel has 9p, so the refusal cannot be shown here".format(
                case["role"], json.dumps(case["vars"])))
        cases = [c for c in cases if not c.get("needs_kernel_without_9p")]
    bad = 0
    for case, ok, detail in run(cases):
        bad += not ok
        print("{0} {1} {2}: {3}".format("ok  " if ok else "FAIL", case["role"], json.dumps(case["vars"]), detail))
    print("{0} cases, {1} refused as expected, {2} off".format(len(cases), len(cases) - bad, bad))
    return 1 if bad or len(cases) < 30 else 0


if __name__ == "__main__":
    sys.exit(main())
