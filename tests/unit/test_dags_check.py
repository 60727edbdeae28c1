"""make dags-check's report (tools/dags_check.py): where each import error points in its DAG file, read from the text
Airflow keeps for it, and the lines and exit status that follow. The tracebacks are Airflow 3.2.2's, as its DagBag kept
them for real files (site-packages shortened)."""
import importlib.util
import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_SPEC = importlib.util.spec_from_file_location("dags_check", os.path.join(ROOT, "tools", "dags_check.py"))
dags_check = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(dags_check)

IMPORTER = '  File "/venv/site-packages/airflow/dag_processing/importers/python_importer.py", line 238, in parse\n' \
           '    loader.exec_module(new_module)\n'
MISSING = ('Traceback (most recent call last):\n' + IMPORTER
           + '  File "<frozen importlib._bootstrap_external>", line 940, in exec_module\n'
           '  File "<frozen importlib._bootstrap>", line 241, in _call_with_frames_removed\n'
           '  File "/lab/dags/missing.py", line 5, in <module>\n'
           '    import not_installed_anywhere\n'
           "ModuleNotFoundError: No module named 'not_installed_anywhere'\n")
SYNTAX = ('Traceback (most recent call last):\n' + IMPORTER
          + '  File "<frozen importlib._bootstrap_external>", line 1074, in get_code\n'
          '  File "<frozen importlib._bootstrap>", line 241, in _call_with_frames_removed\n'
          '  File "/lab/dags/syntax.py", line 3\n'
          '    def broken(:\n'
          '               ^\n'
          'SyntaxError: invalid syntax\n')
HELPER = ('Traceback (most recent call last):\n' + IMPORTER
          + '  File "/lab/dags/uses_helper.py", line 2, in <module>\n'
          '    import helpermod\n'
          '  File "/lab/dags/helpermod.py", line 2, in <module>\n'
          '    raise ValueError("bad helper")\n'
          'ValueError: bad helper\n')
# A DAG file that calls its own function: the frame of the call (line 20), then the frame inside it (line 12).
NESTED = ('Traceback (most recent call last):\n' + IMPORTER
          + '  File "/lab/dags/nested.py", line 20, in <module>\n'
          '    build()\n'
          '  File "/lab/dags/nested.py", line 12, in build\n'
          '    return {}["missing"]\n'
          '           ~~^^^^^^^^^^^\n'
          "KeyError: 'missing'\n")
CHAINED = ('Traceback (most recent call last):\n'
           '  File "/lab/dags/chained.py", line 4, in <module>\n'
           '    int("x")\n'
           "ValueError: invalid literal for int() with base 10: 'x'\n"
           '\n'
           'During handling of the above exception, another exception occurred:\n'
           '\n'
           'Traceback (most recent call last):\n'
           '  File "/lab/dags/chained.py", line 6, in <module>\n'
           '    raise RuntimeError("no number")\n'
           'RuntimeError: no number\n')
TIMEOUT = ('Traceback (most recent call last):\n'
           '  File "/lab/dags/slow.py", line 9, in <module>\n'
           '    time.sleep(60)\n'
           '  File "/venv/site-packages/airflow/utils/timeout.py", line 69, in handle_timeout\n'
           '    raise AirflowTaskTimeout(self.error_message)\n'
           'airflow.exceptions.AirflowTaskTimeout: DagBag import timeout for /lab/dags/slow.py after 30.0s.\n'
           'Please take a look at these docs to improve your DAG import time:\n'
           '* https://airflow.apache.org/docs/apache-airflow/3.2.2/best-practices.html#top-level-python-code\n')
EXECUTOR = "UnknownExecutorException: Task 't' specifies executor 'KubernetesExecutor', which is not available."


@pytest.mark.parametrize("trace, path, expected", [
    (MISSING, "/lab/dags/missing.py", (5, "ModuleNotFoundError: No module named 'not_installed_anywhere'")),
    (SYNTAX, "/lab/dags/syntax.py", (3, "SyntaxError: invalid syntax")),
    (HELPER, "/lab/dags/uses_helper.py", (2, "ValueError: bad helper")),
    (NESTED, "/lab/dags/nested.py", (12, "KeyError: 'missing'")),
    (CHAINED, "/lab/dags/chained.py", (6, "RuntimeError: no number")),
    (TIMEOUT, "/lab/dags/slow.py",
     (9, "airflow.exceptions.AirflowTaskTimeout: DagBag import timeout for /lab/dags/slow.py after 30.0s.")),
    (EXECUTOR, "/lab/dags/executor.py", (None, EXECUTOR)),
    # A file of the same name in another folder is not this one.
    (MISSING, "/elsewhere/dags/missing.py", (None, "ModuleNotFoundError: No module named 'not_installed_anywhere'")),
    (MISSING, "/lab/dags/../dags/missing.py", (5, "ModuleNotFoundError: No module named 'not_installed_anywhere'")),
])
def test_error_location_is_the_innermost_frame_in_the_file_and_the_last_exception(trace, path, expected):
    assert dags_check.error_location(trace, path) == expected


def test_report_lists_each_error_as_file_line_message_by_file_then_the_summary():
    errors = {"syntax.py": SYNTAX, "missing.py": MISSING, "executor.py": EXECUTOR}
    assert dags_check.report("/lab/dags", errors, 5, 2) == ([
        "/lab/dags/executor.py: " + EXECUTOR,
        "/lab/dags/missing.py:5: ModuleNotFoundError: No module named 'not_installed_anywhere'",
        "/lab/dags/syntax.py:3: SyntaxError: invalid syntax",
        "5 DAG files, 2 DAGs, 3 import errors",
    ], 1)


def test_report_takes_absolute_keys_as_they_are():
    lines, status = dags_check.report("/lab/dags", {"/lab/dags/missing.py": MISSING}, 1, 0)
    assert (lines, status) == ([
        "/lab/dags/missing.py:5: ModuleNotFoundError: No module named 'not_installed_anywhere'",
        "1 DAG file, 0 DAGs, 1 import error",
    ], 1)


def test_report_without_errors_exits_0():
    assert dags_check.report("/lab/dags", {}, 1, 1) == (["1 DAG file, 1 DAG, 0 import errors"], 0)


def test_report_of_a_folder_without_dag_files_is_not_a_success():
    lines, status = dags_check.report("/lab/empty", {}, 0, 0)
    assert status == 2
    assert lines[0] == "0 DAG files, 0 DAGs, 0 import errors"
    assert lines[1].startswith("no DAG file in /lab/empty")


def test_environment_drops_the_callers_airflow_settings_for_a_throwaway_home(monkeypatch):
    monkeypatch.setenv("AIRFLOW_HOME", "/home/student/airflow")
    monkeypatch.setenv("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", "postgresql://student@localhost/airflow")
    monkeypatch.setenv("AIRFLOW__CORE__DAGBAG_IMPORT_ERROR_TRACEBACK_DEPTH", "2")
    monkeypatch.setenv("AIRFLOW__CORE__DAG_DISCOVERY_SAFE_MODE", "False")
    monkeypatch.setenv("AIRFLOW_CONN_STUDENT_DB", "postgresql://student@localhost/data")
    monkeypatch.setenv("PATH", "/usr/bin")
    env = dags_check.environment("/tmp/home", "/lab/dags", "CeleryExecutor,KubernetesExecutor")
    assert {k: v for k, v in env.items() if k.startswith("AIRFLOW")} == {
        "AIRFLOW_HOME": "/tmp/home",
        "AIRFLOW__CORE__DAGS_FOLDER": "/lab/dags",
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": "sqlite:////tmp/home/airflow.db",
        "AIRFLOW__CORE__DAGBAG_IMPORT_ERROR_TRACEBACKS": "True",
        "AIRFLOW__CORE__DAGBAG_IMPORT_ERROR_TRACEBACK_DEPTH": "1000",
        "AIRFLOW__CORE__EXECUTOR": "CeleryExecutor,KubernetesExecutor",
    }
    assert env["PATH"] == "/usr/bin"
    assert "AIRFLOW__CORE__EXECUTOR" not in dags_check.environment("/tmp/home", "/lab/dags")


def test_a_folder_that_does_not_exist_is_refused_before_airflow(tmp_path, capsys):
    assert dags_check.main([str(tmp_path / "nowhere")]) == 2
    assert "nowhere is not a folder" in capsys.readouterr().err


@pytest.fixture
def saved_environment():
    """main() replaces the whole environment, as Airflow must read it: give the test process its own back."""
    saved = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(saved)


def test_main_parses_in_a_throwaway_home_and_prints_only_the_report(tmp_path, monkeypatch, capfd, saved_environment):
    folder = tmp_path / "dags"
    folder.mkdir()
    student = tmp_path / "student-airflow"
    monkeypatch.setenv("AIRFLOW_HOME", str(student))
    monkeypatch.setenv("HOME", "/home/student")
    seen = {}

    def parse(path):
        seen.update(path=path, env=dict(os.environ), home_made=os.path.isdir(os.environ["AIRFLOW_HOME"]))
        os.write(1, b"what a DAG file prints\n")  # where print() writes when stdout is the terminal
        os.write(2, b"what Airflow logs\n")
        return {"missing.py": MISSING.replace("/lab/dags", path)}, 2, 1, "3.2.1"

    monkeypatch.setattr(dags_check, "parse", parse)
    assert dags_check.main(["--airflow-version", "3.2.2", "--executor", "LocalExecutor", str(folder)]) == 1
    out, err = capfd.readouterr()
    assert out.splitlines() == [
        str(folder / "missing.py") + ":5: ModuleNotFoundError: No module named 'not_installed_anywhere'",
        "2 DAG files, 1 DAG, 1 import error",
    ]
    assert err == "dags-check: this is Airflow 3.2.1, the lab runs 3.2.2\n"
    assert seen["path"] == str(folder) and seen["home_made"]
    home = seen["env"]["AIRFLOW_HOME"]
    assert home != str(student) and not os.path.exists(home)
    assert seen["env"]["HOME"] == "/home/student"
    assert seen["env"]["AIRFLOW__CORE__EXECUTOR"] == "LocalExecutor"
    assert not student.exists()
