"""Run every case of bad_inputs.yml against the converged instance, four at a time.

Each case applies one role with one wrong value (through -e, as a user would) and must fail with a
message naming the variable and what is wrong. Prints one line per case; exits 1 if any case is off.
"""
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))


def run(case):
    extra = dict(case["vars"], bad_role=case["role"])
    env = dict(os.environ, ANSIBLE_STDOUT_CALLBACK="ansible.posix.json", ANSIBLE_NOCOLOR="1")
    proc = subprocess.run(
        ["ansible-playbook", "-i", os.environ["MOLECULE_INVENTORY_FILE"], os.path.join(HERE, "bad_case.yml"),
         "-e", json.dumps(extra)], env=env, capture_output=True, text=True, check=False, timeout=600)
    try:
        # Other callbacks (profile_tasks) may print after the JSON document: read just the document.
        doc = json.JSONDecoder().raw_decode(proc.stdout[proc.stdout.index("{"):])[0]
    except ValueError:
        return case, False, "no JSON output (rc={0}): {1} {2}".format(proc.returncode, proc.stdout[-300:], proc.stderr[-300:])
    failures = [(t["task"]["name"], h) for t in doc["plays"][0]["tasks"] for h in t["hosts"].values() if h.get("failed")]
    changed = sum(s.get("changed", 0) for s in doc["stats"].values())
    if proc.returncode == 0 or not failures:
        return case, False, "accepted"
    message = str(failures[0][1].get("msg", ""))
    missing = [e for e in case["expect"] if e not in message]
    if missing or changed:
        return case, False, "changed={0}, missing {1} in: {2}".format(changed, missing, message[:600])
    return case, True, message.splitlines()[0][:120] if message else ""


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
    with ThreadPoolExecutor(max_workers=4) as pool:
        for case, ok, detail in pool.map(run, cases):
            bad += not ok
            print("{0} {1} {2}: {3}".format("ok  " if ok else "FAIL", case["role"], json.dumps(case["vars"]), detail))
    print("{0} cases, {1} refused as expected, {2} off".format(len(cases), len(cases) - bad, bad))
    return 1 if bad or len(cases) < 30 else 0


if __name__ == "__main__":
    sys.exit(main())
