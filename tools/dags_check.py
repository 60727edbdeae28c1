"""Import every DAG file of a folder the way the lab's Airflow does and list each import error as
``file:line: message``, then ``N DAG files, M DAGs, K import errors``.

It needs no cluster and touches nothing of the user's Airflow: Airflow runs with a throwaway AIRFLOW_HOME, a SQLite
file in it that nothing reads, and none of the caller's AIRFLOW_* variables. Run it with the python of a virtualenv
that holds the lab's Airflow (``make dags-check`` makes one)::

    python tools/dags_check.py [--airflow-version X.Y.Z] [--executor NAMES] DAG_FOLDER

Exit status: 0 when every DAG file imports, 1 when one does not, 2 when nothing could be checked.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import sys
import tempfile
import traceback

FRAME = re.compile(r'^ *File "(?P<file>[^"\n]+)", line (?P<line>\d+)', re.MULTILINE)


def error_location(trace, path):
    """(line, message) of one import error, from the text Airflow keeps for it: a formatted traceback or a bare message.

    The line is that of the innermost frame in ``path`` (a traceback prints the innermost frame, and the exception
    raised last, last), None when no frame is in that file. The message is the first line of the exception that ends
    the traceback, or the first line of a bare message."""
    wanted = os.path.normpath(path)
    frames = list(FRAME.finditer(trace))
    line = None
    for frame in frames:
        if os.path.normpath(frame.group("file")) == wanted:
            line = int(frame.group("line"))
    if frames:
        # After the last frame come its source line and carets (indented), then the exception.
        rest = trace[frames[-1].end():].splitlines()[1:]
        message = next((text for text in rest if text.strip() and not text.startswith(" ")), "")
    else:
        message = next((text for text in trace.splitlines() if text.strip()), "")
    return line, message.strip()


def _count(number, noun):
    return "{0} {1}{2}".format(number, noun, "" if number == 1 else "s")


def report(folder, errors, files, dags):
    """(lines to print, exit status) for a parsed folder.

    ``errors`` maps each failing file, relative to ``folder`` or absolute (as Airflow keys them), to its error text;
    ``files`` is the number of files Airflow read as DAG files, ``dags`` the number of DAGs they hold."""
    lines = []
    for key in sorted(errors):
        path = os.path.join(folder, key)
        line, message = error_location(errors[key], path)
        lines.append("{0}:{1}: {2}".format(path, line, message) if line else "{0}: {1}".format(path, message))
    lines.append("{0}, {1}, {2}".format(_count(files, "DAG file"), _count(dags, "DAG"), _count(len(errors), "import error")))
    if not files:
        lines.append("no DAG file in {0}: Airflow reads only the .py and .zip files that mention airflow and dag".format(folder))
        return lines, 2
    return lines, 1 if errors else 0


def parse(folder):
    """Airflow's own parse of ``folder``: (import errors by file, number of DAG files, number of DAGs, Airflow's version).

    Airflow 3.2's DAG processor parses a bundle with BundleDagBag (the folder on sys.path, errors keyed relative to
    it) and then serializes each DAG, a failure of which is an import error too; older releases have DagBag only."""
    # pylint: disable=import-outside-toplevel,import-error
    # Airflow reads its configuration when it is imported: after the environment is set.
    import airflow
    from airflow.serialization import serialized_objects

    try:
        from airflow.dag_processing.dagbag import BundleDagBag
    except ImportError:
        from airflow.models.dagbag import DagBag

        if folder not in sys.path:
            sys.path.append(folder)
        bag = DagBag(dag_folder=folder, include_examples=False)
    else:
        import pathlib

        bag = BundleDagBag(dag_folder=folder, bundle_path=pathlib.Path(folder), bundle_name="dags-folder", load_op_links=False)
    serializer = getattr(serialized_objects, "DagSerialization", None) or serialized_objects.SerializedDAG
    errors = dict(bag.import_errors)
    dags = 0
    for dag in bag.dags.values():
        try:
            serializer.to_dict(dag)
        except Exception:  # pylint: disable=broad-exception-caught
            errors[getattr(dag, "relative_fileloc", None) or dag.fileloc] = traceback.format_exc()
        else:
            dags += 1
    return errors, len(bag.dagbag_stats), dags, airflow.__version__


def environment(home, folder, executor=None):
    """The environment Airflow parses in: the caller's, less its Airflow settings, plus a throwaway home and the lab's
    executors (a task's executor must be one of them)."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("AIRFLOW")}
    if executor:
        env["AIRFLOW__CORE__EXECUTOR"] = executor
    env.update({
        "AIRFLOW_HOME": home,
        "AIRFLOW__CORE__DAGS_FOLDER": folder,
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": "sqlite:///" + os.path.join(home, "airflow.db"),
        # Every frame of a traceback, so that the DAG file's own frame is never cut off.
        "AIRFLOW__CORE__DAGBAG_IMPORT_ERROR_TRACEBACKS": "True",
        "AIRFLOW__CORE__DAGBAG_IMPORT_ERROR_TRACEBACK_DEPTH": "1000",
    })
    return env


@contextlib.contextmanager
def output_to(path):
    """Airflow's log lines and whatever the DAG files print go to ``path``, not into the report."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    with open(path, "wb") as log:
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
    try:
        yield
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        for fd, copy in zip((1, 2), saved):
            os.dup2(copy, fd)
            os.close(copy)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("folder", help="the DAG folder")
    parser.add_argument("--airflow-version", help="the lab's Airflow: a warning when this python runs another")
    parser.add_argument("--executor", help="the lab's executor(s), airflow_executor (Airflow's default without it)")
    args = parser.parse_args(argv)
    folder = os.path.abspath(args.folder)
    if not os.path.isdir(folder):
        print("dags-check: {0} is not a folder (DAGS=<the DAG folder>)".format(folder), file=sys.stderr)
        return 2
    home = tempfile.mkdtemp(prefix="dags-check-")
    try:
        env = environment(home, folder, args.executor)
        os.environ.clear()
        os.environ.update(env)
        log = os.path.join(home, "parse.log")
        try:
            with output_to(log):
                errors, files, dags, version = parse(folder)
        except Exception as exc:  # pylint: disable=broad-exception-caught
            with open(log, encoding="utf-8", errors="replace") as handle:
                sys.stderr.write("".join(handle.readlines()[-30:]))
            hint = " ({0} has no Airflow)".format(sys.executable) if getattr(exc, "name", None) == "airflow" else ""
            print("dags-check: Airflow could not parse {0}: {1}: {2}{3}".format(folder, type(exc).__name__, exc, hint),
                  file=sys.stderr)
            return 2
        if args.airflow_version and version != args.airflow_version:
            print("dags-check: this is Airflow {0}, the lab runs {1}".format(version, args.airflow_version), file=sys.stderr)
        lines, status = report(folder, errors, files, dags)
        print("\n".join(lines))
        return status
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
