"""make dags-check, as a student runs it: the real make target imports a DAG folder with the real Airflow and lists
each import error as file:line: message, then N DAG files, M DAGs, K import errors; the exit status says whether every
file imported (the check exits 1 when a file does not import, 2 when it found no DAG file or no Airflow; make itself
then exits 2 and names the check's status).

Needs a Python with the lab's Airflow and providers: LAB_AIRFLOW_PYTHON, which tests/run.sh sets from
tests/harness/airflow-venv.sh (the target's AIRFLOW_PYTHON, in place of the .venv-dags it would build).
"""
import os
import subprocess
import textwrap

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

GOOD = '''\
"""A DAG that imports."""
import datetime

from airflow.sdk import dag, task


@dag(dag_id="{0}", schedule=None, start_date=datetime.datetime(2024, 1, 1), catchup=False)
def {0}():
    @task
    def hello():
        return "hello"

    hello()


{0}()
'''
# line 6: the import of a module that no Python here has.
MISSING = '''\
"""A DAG whose import fails."""
import datetime

from airflow.sdk import DAG

import lab_dags_check_no_such_module

with DAG("missing", schedule=None, start_date=datetime.datetime(2024, 1, 1)):
    pass
'''
# line 5: a parenthesis that never closes its argument list.
SYNTAX = '''\
"""A DAG with a syntax error."""
from airflow.sdk import DAG


def broken(:
    return DAG("broken")
'''
# line 4: the import of a module of the folder that raises (at its own line 3): the DAG file's line is the import.
USES_HELPER = '''\
"""A DAG whose helper module fails."""
from airflow.sdk import DAG

import lab_helper

DAG("uses_helper", schedule=None)
'''
# Not a DAG file for Airflow (no mention of it): only imported by the one above.
HELPER = '''\
"""Shared code."""
SETTING = 1
raise ValueError("lab_helper cannot start")
'''


def write(folder, files):
    os.makedirs(folder, exist_ok=True)
    for name, text in files.items():
        with open(os.path.join(folder, name), "w", encoding="utf-8") as handle:
            handle.write(text)
    return str(folder)


def dags_check(folder, **env):
    """(exit status, stdout lines, stderr) of make dags-check on folder; the test fails without LAB_AIRFLOW_PYTHON."""
    python = os.environ.get("LAB_AIRFLOW_PYTHON")
    if not python:
        pytest.fail("set LAB_AIRFLOW_PYTHON to a Python with apache-airflow and the cncf.kubernetes and amazon providers "
                    "(tests/harness/airflow-venv.sh builds one; tests/run.sh sets it)")
    proc = subprocess.run(["make", "--no-print-directory", "dags-check", "AIRFLOW_PYTHON=" + python, "DAGS=" + folder],
                          cwd=ROOT, env=dict(os.environ, **env), capture_output=True, text=True, check=False, timeout=600)
    return proc.returncode, proc.stdout.splitlines(), proc.stderr


def test_each_import_error_is_listed_with_its_file_and_line_and_the_check_fails(tmp_path):
    folder = write(tmp_path / "dags", {"good.py": GOOD.format("good"), "missing.py": MISSING, "syntax.py": SYNTAX,
                                       "uses_helper.py": USES_HELPER, "lab_helper.py": HELPER})
    rc, lines, err = dags_check(folder)
    # make exits 2 when a recipe fails, and names the recipe's own status: the check's 1 (an import error), not its 2.
    assert rc == 2 and err.rstrip().endswith("dags-check] Error 1"), (rc, lines, err)
    assert len(lines) == 4, (lines, err)
    assert lines[0] == folder + "/missing.py:6: ModuleNotFoundError: No module named 'lab_dags_check_no_such_module'"
    assert lines[1].startswith(folder + "/syntax.py:5: SyntaxError: "), lines
    assert lines[2] == folder + "/uses_helper.py:4: ValueError: lab_helper cannot start"
    assert lines[3] == "4 DAG files, 1 DAG, 3 import errors"


def test_a_folder_of_good_dags_passes_and_leaves_the_users_airflow_alone(tmp_path):
    folder = write(tmp_path / "dags", {"first.py": GOOD.format("first"), "second.py": GOOD.format("second")})
    # The student's own Airflow: a home with its settings and a database, and Airflow's default home (~/airflow);
    # the check must neither use nor touch them.
    student = write(tmp_path / "student", {})
    home = write(tmp_path / "student" / "airflow-home", {"airflow.cfg": "[core]\nload_examples = True\n"})
    rc, lines, err = dags_check(folder, HOME=student, AIRFLOW_HOME=home,
                                AIRFLOW__DATABASE__SQL_ALCHEMY_CONN="postgresql://student@127.0.0.1:1/nothing")
    assert (rc, lines) == (0, ["2 DAG files, 2 DAGs, 0 import errors"]), err
    assert sorted(os.listdir(student)) == ["airflow-home"]
    assert sorted(os.listdir(home)) == ["airflow.cfg"]


def test_the_dags_the_lab_ships_pass(shipped_dags):
    rc, lines, err = dags_check(shipped_dags)
    assert (rc, lines) == (0, ["3 DAG files, 3 DAGs, 0 import errors"]), err


def test_without_airflow_python_the_check_builds_its_own_virtualenv_with_the_lab_pins():
    """What make would run on a checkout without .venv-dags (make -n: nothing runs), for a student without sudo."""
    env = {k: v for k, v in os.environ.items() if k not in ("SUDO_USER", "AIRFLOW_PYTHON", "AIRFLOW_EXECUTOR", "DAGS")}
    proc = subprocess.run(["make", "--no-print-directory", "-n", "-B", "dags-check"], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=True)
    with open(os.path.join(ROOT, "roles", "airflow", "defaults", "main.yml"), encoding="utf-8") as handle:
        defaults = yaml.safe_load(handle)
    version = defaults["airflow_version"]
    user = subprocess.run(["id", "-un"], capture_output=True, text=True, check=True).stdout.strip()
    assert ".venv-dags/bin/python -m pip install" in proc.stdout
    assert '"apache-airflow=={0}" -r requirements/dags-check.txt'.format(version) in proc.stdout
    assert "touch .venv-dags/.airflow-{0}".format(version) in proc.stdout
    # The README's lab_dir default, /home/<lab user>/airflow-lab-data, and its dags folder.
    assert proc.stdout.rstrip().endswith(textwrap.dedent('''\
        .venv-dags/bin/python tools/dags_check.py --airflow-version "{0}" \\
          --executor "{1}" "/home/{2}/airflow-lab-data/dags"''').format(version, defaults["airflow_executor"], user)), proc.stdout
