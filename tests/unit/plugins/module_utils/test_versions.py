"""The one table of which kubernetes.core drives which Helm line, and the refusal of a pair that cannot work."""
import json

from ansible_collections.dataeng.airflow_lab.plugins.module_utils._versions import (
    _key, collection_version, helm_diff_problem, helm_majors, helm_pair_problem)


def test_each_bundled_kubernetes_core_gets_its_lines():
    assert helm_majors("3.2.0") == ["3"]      # ansible 10 (Python 3.10)
    assert helm_majors("6.2.0") == ["3"]      # ansible 12 (Python 3.11)
    assert helm_majors("6.4.0") == ["4", "3"]
    assert helm_majors("6.6.0") == ["4", "3"]  # ansible 14 (Python 3.12+)
    assert helm_majors("") == []


def test_a_pair_that_cannot_work_is_named_with_the_fix():
    problem = helm_pair_problem("v4.1.4", "6.2.0")
    assert "helm_version v4.1.4 needs kubernetes.core 6.4.0 or later" in problem
    assert "the controller has kubernetes.core 6.2.0" in problem
    assert "Python 3.12 or later" in problem and "leave helm_version unset" in problem and "Helm 3" in problem
    assert helm_pair_problem("v4.1.4", "6.6.0") == ""
    assert helm_pair_problem("v3.20.2", "3.2.0") == ""
    assert "no Helm 5 line" in helm_pair_problem("v5.0.0", "6.6.0")
    assert "not installed" in helm_pair_problem("v3.20.2", "")
    assert helm_pair_problem("latest", "6.2.0") == ""  # the role's format check names it


def test_a_helm_diff_too_old_for_the_helm_line_is_named():
    problem = helm_diff_problem("v4.1.4", "v3.13.1")
    assert "helm_diff_version v3.13.1 is older than 3.14.0" in problem and "Helm 4 (helm_version v4.1.4)" in problem
    assert helm_diff_problem("v4.1.4", "v3.14.0") == ""
    assert helm_diff_problem("v4.1.4", "v3.15.10") == ""
    assert helm_diff_problem("v3.20.2", "v3.13.1") == ""  # Helm 3 runs it
    assert helm_diff_problem("v3.18.0", "v3.15.10") == ""
    problem = helm_diff_problem("v3.17.2", "v3.15.10")  # platformHooks: Helm 3.17 cannot load the plugin
    assert "needs Helm 3.18.0 or later" in problem and "helm_version is v3.17.2" in problem
    assert helm_diff_problem("v3.17.2", "v3.12.5") == ""
    assert "older than 3.4.1" in helm_diff_problem("v3.20.2", "v3.3.0")
    assert "older than 3.4.1" in helm_diff_problem("v3.17.2", "v3.3.0")
    assert helm_diff_problem("v4.1.4", "") == ""  # no plugin wanted
    assert helm_diff_problem("latest", "v3.0.0") == ""  # the role's format check names it


def test_the_version_is_read_from_the_manifest_or_galaxy_yml(tmp_path):
    (tmp_path / "MANIFEST.json").write_text(json.dumps({"collection_info": {"version": "6.2.0"}}))
    assert collection_version(str(tmp_path)) == "6.2.0"
    source = tmp_path / "src"
    source.mkdir()
    (source / "galaxy.yml").write_text("namespace: kubernetes\nversion: '6.6.0'\n")
    assert collection_version(str(source)) == "6.6.0"
    assert collection_version(str(tmp_path / "nowhere")) == ""


def test_a_version_key_has_three_numbers_at_least_and_leaves_out_a_pre_release_suffix():
    # Found by make mutation: no test compared a short version, a suffix or a part that is not a number.
    assert _key("6.2") == (6, 2, 0)
    assert _key("6") == (6, 0, 0)
    assert _key("v3.2.1-rc.1") == (3, 2, 1)
    assert _key("3.2.1-rc-2") == (3, 2, 1)
    assert _key("3.x.1") == (3, 0, 1)
    assert _key("1.2.3.4") == (1, 2, 3, 4)
    assert helm_majors("6.4") == ["4", "3"] and helm_majors("6.3.99") == ["3"]


def test_each_problem_of_a_pair_says_what_it_is():
    # Found by make mutation: the full message, a major the lab never knew below its lines, and a kubernetes.core
    # older than every line (it raised IndexError before: the message named the newest line the controller drives,
    # and there was none).
    assert helm_pair_problem("4.1.4", "6.2.0") == (
        "helm_version 4.1.4 needs kubernetes.core 6.4.0 or later (kubernetes.core reads Helm 4's plugin list from "
        "6.4.0 on), but the controller has kubernetes.core 6.2.0: run the controller on Python 3.12 or later "
        "(ansible 14 bundles kubernetes.core 6.6.0), or leave helm_version unset so that the helm role installs the "
        "Helm 3 release it pins")
    assert helm_pair_problem("2.17.0", "6.6.0") == "helm_version 2.17.0: the lab knows no Helm 2 line (known: 4, 3)"
    assert helm_pair_problem("3.17.2", "1.2.0") == (
        "kubernetes.core 1.2.0 drives no Helm line the lab knows: kubernetes.core 2.0.0 is the first (kubernetes.core "
        "2.0.0 and later drive Helm 3); install the Ansible release of requirements/ (make site does)")


def test_helm_diff_s_platform_hooks_need_helm_3_18_from_helm_diff_3_13_0_on_and_only_on_helm_3():
    assert "needs Helm 3.18.0 or later" in helm_diff_problem("3.17.2", "3.13.0")
    assert helm_diff_problem("3.18.0", "3.13.0") == ""
    assert helm_diff_problem("3.17.2", "3.12.9") == ""
    # A Helm line without a helm-diff minimum (Helm 2 is not one the lab knows): nothing to say here.
    assert helm_diff_problem("2.17.0", "3.15.0") == ""
