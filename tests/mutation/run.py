"""make mutation - how much of a bug the unit tests catch: cosmic-ray (from PyPI) changes the collection's pure Python
one small change at a time (a flipped comparison, a dropped `not`, a changed number) and runs the unit tests that
import the module; a change no test fails on is a surviving mutant.

    python tests/mutation/run.py [--budget SECONDS] [--out DIR] [MODULE ...]

MODULE is a file of plugins/module_utils (by default: all of them). The mutants are made in a copy of the checkout
(DIR/tree), never in the checkout itself. Each module's tests are the files of tests/unit that name it.

A survivor that no test can see is listed, with the reason, in docs/testing.md ("Equivalent mutants", one YAML
entry each). The run prints, module by module, the mutants, the killed ones, the listed equivalents and each other
survivor with its diff, then the kill rate: killed / (mutants - equivalents). It fails when a survivor is not listed,
when a listed equivalent no longer matches any mutant (the code moved: look again), when the rate is below 90%, or
when the budget ran out before every mutant ran (it says how many did not).
"""
import argparse
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DOC = os.path.join(ROOT, "docs", "testing.md")
MODULE_UTILS = "plugins/module_utils"
RATE = 0.90
# What the copy leaves out: the virtualenvs, git, earlier output.
SKIP = {".git", "tests/output", "collections"}


def equivalents(text):
    """The entries of the fenced YAML block under '## Equivalent mutants' of docs/testing.md."""
    match = re.search(r"^## Equivalent mutants\n.*?^```yaml\n(.*?)^```", text, re.M | re.S)
    return (yaml.safe_load(match.group(1)) or []) if match else []


def mutant_key(module, function, operator, diff):
    """A mutant by what it changes, not by cosmic-ray's random job id: module, function, operator, line -> line."""
    removed = [line[1:].strip() for line in diff.splitlines() if line.startswith("-") and not line.startswith("---")]
    added = [line[1:].strip() for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
    return (module, function or "", operator, " / ".join(removed), " / ".join(added))


def matches(entry, key):
    """Whether a listed equivalent covers a survivor: the same module, function and line, one of its operators
    (operator, or the list operators), and its mutant line when it names one (without: every mutant of the line by
    those operators, for a line whose flags or values make a whole family equivalent)."""
    module, function, operator, line, mutant = key
    operators = entry.get("operators") or [entry.get("operator")]
    return (entry["module"] == module and entry.get("function", "") == function and entry["line"] == line
            and operator in operators and entry.get("mutant", mutant) == mutant)


def tests_for(module, tree):
    """The unit test files that name the module (its import name, as a word)."""
    name = os.path.splitext(os.path.basename(module))[0]
    word = re.compile(r"\b{0}\b".format(re.escape(name)))
    found = []
    for folder, _dirs, files in os.walk(os.path.join(tree, "tests", "unit")):
        for file_name in files:
            if file_name.startswith("test_") and file_name.endswith(".py"):
                path = os.path.join(folder, file_name)
                with open(path, encoding="utf-8") as handle:
                    if word.search(handle.read()):
                        found.append(os.path.relpath(path, tree))
    return sorted(found)


def copy_tree(tree):
    """The checkout without git and the virtualenvs; ./collections made anew (a link back to the copy's root)."""
    shutil.rmtree(tree, ignore_errors=True)

    def ignore(folder, names):
        rel = os.path.relpath(folder, ROOT)
        return [n for n in names if n.startswith(".venv") or os.path.normpath(os.path.join(rel, n)) in SKIP
                or n in ("__pycache__", ".pytest_cache")]

    shutil.copytree(ROOT, tree, ignore=ignore, symlinks=True)
    os.makedirs(os.path.join(tree, "collections", "ansible_collections", "dataeng"))
    os.symlink("../../..", os.path.join(tree, "collections", "ansible_collections", "dataeng", "airflow_lab"))


def results(session):
    """(module, function, operator, outcome, diff) of each mutant; outcome None when it has not run."""
    with sqlite3.connect(session) as db:
        rows = db.execute(
            "SELECT s.module_path, s.definition_name, s.operator_name, r.test_outcome, r.worker_outcome, r.diff "
            "FROM mutation_specs s LEFT JOIN work_results r ON r.job_id = s.job_id").fetchall()
    out = []
    for module, function, operator, test_outcome, worker_outcome, diff in rows:
        if worker_outcome is None:
            outcome = None
        elif test_outcome == "SURVIVED" and worker_outcome == "NORMAL":
            outcome = "survived"
        else:
            # A failed test, a mutant that does not import (INCOMPETENT) or that hangs (timeout): caught.
            outcome = "killed"
        out.append((module, function, operator, outcome, diff or ""))
    return out


def run_module(module, tree, out, cosmic_ray, deadline):
    """Mutate one module against its tests; returns its results (some None when the budget ran out)."""
    tests = tests_for(module, tree)
    if not tests:
        raise SystemExit("mutation: no unit test names {0}".format(module))
    name = os.path.splitext(os.path.basename(module))[0]
    config = os.path.join(out, name + ".toml")
    session = os.path.join(out, name + ".sqlite")
    command = " ".join([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider"] + tests)
    with open(config, "w", encoding="utf-8") as handle:
        handle.write("[cosmic-ray]\nmodule-path = {0}\ntimeout = 60.0\nexcluded-modules = []\ntest-command = {1}\n\n"
                     "[cosmic-ray.distributor]\nname = \"local\"\n".format(json.dumps(module), json.dumps(command)))
    if os.path.exists(session):
        os.remove(session)
    subprocess.run([cosmic_ray, "init", config, session], cwd=tree, check=True, capture_output=True)
    if time.monotonic() >= deadline:
        # The budget is spent: every mutant of this module counts as not run.
        return tests, results(session)
    baseline = subprocess.run([cosmic_ray, "baseline", config], cwd=tree, capture_output=True, text=True, check=False)
    if baseline.returncode != 0:
        raise SystemExit("mutation: the tests of {0} fail without any mutant:\n{1}{2}".format(
            module, baseline.stdout[-2000:], baseline.stderr[-2000:]))
    try:
        # Its exit status says nothing the session does not: the results are read from the session.
        subprocess.run([cosmic_ray, "exec", config, session], cwd=tree, capture_output=True, check=False,
                       timeout=max(1, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        # cosmic-ray edits the file in place: the mutant it was testing stays in the copy. Put the module back, so
        # that the next module's tests run on the code as it is.
        shutil.copy2(os.path.join(ROOT, module), os.path.join(tree, module))
    return tests, results(session)


def report(module, tests, rows, listed):
    """Prints one module's lines; returns (mutants, killed, equivalent, unlisted survivors, not run, matched keys)."""
    killed = sum(1 for r in rows if r[3] == "killed")
    not_run = sum(1 for r in rows if r[3] is None)
    equivalent, unlisted, matched = 0, [], set()
    for mod, function, operator, outcome, diff in rows:
        if outcome != "survived":
            continue
        key = mutant_key(mod, function, operator, diff)
        found = [index for index, entry in enumerate(listed) if matches(entry, key)]
        if found:
            equivalent += 1
            matched.update(found)
        else:
            unlisted.append((key, diff))
    judged = len(rows) - equivalent - not_run
    rate = killed / judged if judged else 1.0
    run = len(rows) - not_run
    print("{0}: {1} mutants, {2} killed, {3} equivalent (docs/testing.md), {4} survived, {5} not run; "
          "kill rate {6:.1%} ({7:.1%} of all mutants) (tests: {8})".format(
              module, len(rows), killed, equivalent, len(unlisted), not_run, rate, killed / run if run else 1.0,
              ", ".join(tests)))
    for key, diff in unlisted:
        print("  survived: {0} in {1}(), {2}:\n    - {3}\n    + {4}".format(
            key[0], key[1] or "<module>", key[2], key[3], key[4]))
    return len(rows), killed, equivalent, len(unlisted), not_run, matched


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("modules", nargs="*", help="files of plugins/module_utils (default: all)")
    parser.add_argument("--budget", type=int, default=3600, help="seconds for the whole run (default 3600)")
    parser.add_argument("--out", default=os.path.join(ROOT, "tests", "output", "mutation"))
    parser.add_argument("--cosmic-ray", default=shutil.which("cosmic-ray") or "cosmic-ray")
    args = parser.parse_args(argv)
    if os.sep in args.cosmic_ray:
        # It runs in the copy: a path from here.
        args.cosmic_ray = os.path.abspath(args.cosmic_ray)
    deadline = time.monotonic() + args.budget
    modules = [os.path.relpath(os.path.abspath(m), ROOT) for m in args.modules] or sorted(
        os.path.join(MODULE_UTILS, n) for n in os.listdir(os.path.join(ROOT, MODULE_UTILS))
        if n.startswith("_") and n.endswith(".py") and n != "__init__.py")
    with open(DOC, encoding="utf-8") as handle:
        listed = equivalents(handle.read())
    os.makedirs(args.out, exist_ok=True)
    tree = os.path.join(args.out, "tree")
    copy_tree(tree)
    totals = [0, 0, 0, 0, 0]
    matched, complete = set(), set()
    for module in modules:
        tests, rows = run_module(module, tree, args.out, args.cosmic_ray, deadline)
        *numbers, seen = report(module, tests, rows, listed)
        totals = [a + b for a, b in zip(totals, numbers)]
        matched |= seen
        if not numbers[4]:
            complete.add(module)
    mutants, killed, equivalent, survived, not_run = totals
    judged = mutants - equivalent - not_run
    rate = killed / judged if judged else 1.0
    # Only where every mutant ran: an equivalent of a mutant that did not run is not stale.
    stale = [e for index, e in enumerate(listed) if e["module"] in complete and index not in matched]
    for entry in stale:
        print("listed as equivalent in docs/testing.md, but no such survivor now: {0} in {1}(), {2}: {3}".format(
            entry["module"], entry.get("function", ""), entry.get("operators") or entry.get("operator"), entry["line"]))
    ran = mutants - not_run
    print("mutation: {0} mutants, {1} killed, {2} equivalent, {3} survived, {4} not run (budget {5} s); "
          "kill rate {6:.1%} ({7:.1%} of all mutants)".format(
              mutants, killed, equivalent, survived, not_run, args.budget, rate, killed / ran if ran else 1.0))
    problems = []
    if survived:
        problems.append("{0} survivor(s) neither killed by a test nor listed as equivalent".format(survived))
    if stale:
        problems.append("{0} listed equivalent(s) match no survivor".format(len(stale)))
    if rate < RATE:
        problems.append("kill rate below {0:.0%}".format(RATE))
    if not_run:
        problems.append("{0} mutant(s) not run within the budget: give it more (--budget, BUDGET=)".format(not_run))
    if problems:
        print("mutation: FAILED - " + "; ".join(problems))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
