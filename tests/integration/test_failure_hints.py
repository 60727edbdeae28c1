"""A long step that fails says what failed, why, and the one command to look further: the Spark Operator's Helm
release, run by the role (with its rescue) with the real helm against the fake API server, which serves no Secrets,
where helm keeps its releases: helm itself fails, as it would on a cluster that refuses it that resource."""
import os

import pytest

from conftest import ROOT, runner

CHARTS = os.environ.get("LAB_CHARTS_DIR", os.path.join(ROOT, "..", "shared", "charts"))
CHART = os.path.join(CHARTS, "spark-operator-2.5.2")


def test_a_failed_release_names_helms_reason_and_where_to_look(api, tmp_path, helm_on_path):
    if not os.path.isdir(CHART):
        pytest.fail("the spark-operator chart is missing: {0} (set LAB_CHARTS_DIR)".format(CHART))
    run = runner(api, tmp_path)("helm_failure.yml", spark_operator_chart_archive=CHART)
    assert run.rc == 2, run
    failed = run.result("dataeng.airflow_lab.spark_operator : Stop on the failed release, with where to look")
    assert failed and failed["failed"], run
    message = failed["msg"]
    assert message.startswith("The Helm release spark-operator in namespace spark-operator failed: Error: "
                              "list: failed to list: the server could not find the requested resource"), message
    assert message.endswith("To look further (as root): helm --kubeconfig {0} --kube-context fake status "
                            "spark-operator --namespace spark-operator".format(api.kubeconfig)), message
    # The namespaces came before it; the release's own result stays as helm left it.
    assert run.result("dataeng.airflow_lab.spark_operator : Install or upgrade the spark-operator release")["failed"], run
    assert api.cluster.get("namespaces", None, "spark-operator")
