"""k8s_access against the fake API server's SelfSubjectAccessReviews: a kubeconfig with the rights passes; one
without them gets one refusal that names every missing verb and resource, and nothing is written."""
import pytest

from conftest import runner, start_server

RULES = [{"verbs": ["get", "create"], "resource": "namespaces"},
         {"verbs": ["get", "list", "create", "patch"], "resource": "persistentvolumes"},
         {"verbs": ["get", "create", "delete"], "resource": "persistentvolumeclaims", "namespace": "airflow"},
         {"verbs": ["create"], "resource": "customresourcedefinitions", "group": "apiextensions.k8s.io"}]


@pytest.fixture
def cluster(tmp_path):
    server = start_server(tmp_path, extra=("selfsubjectaccessreviews",))
    yield server
    server.stop()


def test_a_user_with_the_rights_passes_in_check_mode_too(cluster, tmp_path):
    for args in ((), ("--check",)):
        run = runner(cluster, tmp_path)("k8s_access.yml", *args, access_rules=RULES)
        assert run.rc == 0 and run.changed == 0, run
        result = run.result("Check the rights")
        assert len(result["allowed"]) == 10 and result["denied"] == [], result
    assert cluster.cluster.reviews[3] == {"verb": "list", "resource": "persistentvolumes", "group": ""}
    assert {"verb": "delete", "resource": "persistentvolumeclaims", "group": "", "namespace": "airflow"} in cluster.cluster.reviews


def test_a_user_without_them_is_refused_with_every_missing_verb_and_resource(cluster, tmp_path):
    cluster.cluster.denied |= {("create", "", "persistentvolumes", None), ("delete", "", "persistentvolumeclaims", "airflow"),
                               ("create", "apiextensions.k8s.io", "customresourcedefinitions", None)}
    run = runner(cluster, tmp_path)("k8s_access.yml", access_rules=RULES)
    assert run.rc == 2, run
    result = run.result("Check the rights")
    assert result["denied"] == ["create persistentvolumes cluster-wide (no RBAC policy matched)",
                                "delete persistentvolumeclaims in namespace airflow (no RBAC policy matched)",
                                "create customresourcedefinitions.apiextensions.k8s.io cluster-wide (no RBAC policy matched)"]
    assert result["msg"].startswith("the cluster (context fake) does not let this kubeconfig's user create persistentvolumes "
                                    "cluster-wide"), result["msg"]
    assert cluster.cluster.writes == []
