"""Helm and kubernetes.core chosen together: each controller Python of the matrix (its Ansible release from
requirements/, so its bundled kubernetes.core: 3.2.0, 6.2.0, 6.6.0) drives each real Helm release (Helm 3 v3.17.2
and v3.18.0, Helm 4 v4.1.4, real binaries from PyPI wheels: tests/harness/helm.sh) through the kubernetes.core
modules that need no cluster: helm_plugin from a local folder, helm_plugin_info, helm_template on the real chart
archive. Then the helm-diff plugin the helm role installs by default, in its release layout and plugin format
(the binary is a test double: tests/harness/fake-helm-diff.sh), installed the way the role installs it.

The collection's table (plugins/module_utils/_versions.py) must tell the truth both ways: where it says the pair
works, every module works; where it says the pair cannot work, the helm role refuses it with a message that
names both versions and the fix, and the modules do fail with that pair. The same holds for helm-diff and Helm.
"""
import json
import os
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHARTS = os.environ.get("LAB_CHARTS_DIR", os.path.join(ROOT, "..", "shared", "charts"))
AIRFLOW_ARCHIVE = os.path.join(CHARTS, "airflow-1.22.0.tgz")
PLAYBOOK = os.path.join(ROOT, "tests", "integration", "playbooks", "helm_pair.yml")
PYTHONS = ["3.10", "3.11", "3.12"]
LINES = ["3", "3.18", "4"]


def _harness(*args):
    proc = subprocess.run(["bash"] + list(args), cwd=ROOT, capture_output=True, text=True, check=False, timeout=1800)
    if proc.returncode != 0:
        pytest.fail("{0} failed: {1}".format(" ".join(args), proc.stderr[-2000:]))
    return proc.stdout.strip()


@pytest.fixture(scope="module")
def controllers():
    return dict(line.split(" ", 1) for line in _harness("tests/harness/controllers.sh").splitlines())


@pytest.fixture(scope="module")
def helms():
    if not os.path.isfile(AIRFLOW_ARCHIVE):
        pytest.fail("the Airflow chart archive is missing: {0} (set LAB_CHARTS_DIR)".format(AIRFLOW_ARCHIVE))
    return {line: _harness("tests/harness/helm.sh", line) for line in LINES}


@pytest.fixture(scope="module")
def plugin(tmp_path_factory):
    folder = tmp_path_factory.mktemp("plugin") / "labcheck"
    folder.mkdir()
    (folder / "plugin.yaml").write_text('name: "labcheck"\nversion: "0.1.0"\nusage: "a local plugin"\n'
                                        'description: "A local plugin for the tests"\n'
                                        'command: "$HELM_PLUGIN_DIR/labcheck.sh"\n')
    script = folder / "labcheck.sh"
    script.write_text("#!/bin/sh\necho labcheck\n")
    script.chmod(0o755)
    return str(folder)


@pytest.fixture(scope="module")
def helm_diff(tmp_path_factory):
    """The helm role's default helm-diff release, packed like its release archive and unpacked as the role does."""
    version = _harness("-c", "sed -n 's/^helm_diff_version: *//p' roles/helm/defaults/main.yml")
    folder = tmp_path_factory.mktemp("helm-diff")
    _harness("tests/harness/fake-helm-diff.sh", version, str(folder / "diff.tgz"))
    subprocess.run(["tar", "-C", str(folder), "-xzf", str(folder / "diff.tgz")], check=True)
    return version, str(folder / "diff")


@pytest.mark.parametrize("line", LINES)
@pytest.mark.parametrize("python", PYTHONS)
def test_the_table_tells_the_truth_about_each_pair(controllers, helms, plugin, helm_diff, python, line, tmp_path):
    helm = helms[line]
    release = subprocess.run([helm, "version", "--template", "{{.Version}}"], capture_output=True, text=True,
                             check=True).stdout.strip()
    venv = controllers[python]
    env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"), ANSIBLE_NOCOLOR="1",
               PATH=os.path.join(venv, "bin") + os.pathsep + os.environ["PATH"])
    extra = {"helm_bin": helm, "helm_release": release, "plugin_dir": plugin, "chart": AIRFLOW_ARCHIVE,
             "diff_version": helm_diff[0], "diff_dir": helm_diff[1],
             "out_dir": str(tmp_path), "ansible_python_interpreter": os.path.join(venv, "bin", "python")}
    proc = subprocess.run([os.path.join(venv, "bin", "ansible-playbook"), "-i", "localhost,", "-c", "local",
                           "-e", json.dumps(extra), PLAYBOOK], cwd=ROOT, env=env, capture_output=True, text=True,
                          check=False, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    with open(str(tmp_path / "result.json"), encoding="utf-8") as handle:
        result = json.load(handle)
    supported = result["support"]["problem"] == ""
    if supported:
        assert result["modules"]["ok"], result
        assert result["modules"]["plugins"] == ["labcheck"] and result["modules"]["rendered"], result
        assert result["role"]["accepted"], result
    else:
        assert not result["role"]["accepted"], result
        assert "helm_version {0} needs kubernetes.core".format(release) in result["role"]["msg"], result
        assert result["support"]["kubernetes_core"] in result["role"]["msg"], result
        assert not result["modules"]["ok"], "the table refuses a pair that works: {0}".format(result)
        print("{0} + {1}: {2}".format(python, release, result["modules"]["error"]))
        return
    # helm-diff with a pair that works: the table's verdict on helm-diff and this Helm must hold both ways too.
    diff = result["diff"]
    if result["diff_support"]["problem"] == "":
        assert diff["ok"] and diff["version"] == helm_diff[0].lstrip("v") == diff["runs"], result
        assert result["diff_role"]["accepted"], result
    else:
        assert not result["diff_role"]["accepted"], result
        assert release in result["diff_role"]["msg"] and helm_diff[0] in result["diff_role"]["msg"], result
        assert not diff["ok"], "the table refuses a helm-diff that works: {0}".format(result)
        print("{0} + {1} + helm-diff {2}: {3}".format(python, release, helm_diff[0], diff["error"]))
