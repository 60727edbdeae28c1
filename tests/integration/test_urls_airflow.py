"""connection_url (plugins/module_utils/_urls.py) against Airflow's own Connection(uri=...) parser, in the
Airflow virtualenv (LAB_AIRFLOW_PYTHON, set by tests/run.sh from tests/harness/airflow-venv.sh)."""
import json
import os
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
URLS = os.path.join(ROOT, "plugins", "module_utils", "_urls.py")
PRINTABLE = "".join(chr(code) for code in range(32, 127))
PASSWORDS = [PRINTABLE, " spaced ", "quo'te\"s", "pässwörd-ünïcødé-密码", "%41%", "@:/?#[]", "a+b=c&d"] + list(PRINTABLE)
CHECK = r"""
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("_urls", sys.argv[1])
urls = importlib.util.module_from_spec(spec)
spec.loader.exec_module(urls)
from airflow.models.connection import Connection
out = []
for case in json.loads(sys.stdin.read()):
    url = urls.connection_url(case["scheme"], "host.minikube.internal", 5432, case["user"], case["password"], "airflow_db")
    conn = Connection(conn_id="lab", uri=url)
    out.append([conn.conn_type, conn.login, conn.password, conn.host, conn.port, conn.schema])
print(json.dumps(out))
"""


def test_airflow_connection_parses_every_password_back(tmp_path):
    python = os.environ.get("LAB_AIRFLOW_PYTHON")
    if not python:
        pytest.fail("set LAB_AIRFLOW_PYTHON to a Python with apache-airflow (tests/harness/airflow-venv.sh builds one)")
    cases = [{"scheme": scheme, "user": user, "password": password}
             for scheme in ("postgresql", "redis") for user in ("airflow_user", "us@er:n/me") for password in PASSWORDS]
    env = dict(os.environ, AIRFLOW_HOME=str(tmp_path), AIRFLOW__CORE__LOAD_EXAMPLES="False",
               AIRFLOW__DATABASE__SQL_ALCHEMY_CONN="sqlite:///{0}/airflow.db".format(tmp_path))
    proc = subprocess.run([python, "-c", CHECK, URLS], input=json.dumps(cases), env=env, capture_output=True,
                          text=True, check=False, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    # Airflow names the postgresql scheme's connection type "postgres".
    conn_type = {"postgresql": "postgres", "redis": "redis"}
    assert got == [[conn_type[case["scheme"]], case["user"], case["password"], "host.minikube.internal", 5432, "airflow_db"]
                   for case in cases]
