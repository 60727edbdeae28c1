"""Pure decisions of the k8s_access module."""
from ansible_collections.dataeng.airflow_lab.plugins.module_utils._access import describe, refusal, reviews


def test_one_review_per_verb_without_repeats_and_a_namespace_only_where_given():
    rules = [{"verbs": ["get", "create"], "resource": "namespaces"},
             {"verbs": ["create", "get"], "resource": "persistentvolumeclaims", "namespace": "airflow"},
             {"verbs": ["get"], "resource": "namespaces", "group": ""},
             {"verbs": ["create"], "resource": "customresourcedefinitions", "group": "apiextensions.k8s.io"}]
    assert reviews(rules) == [
        {"verb": "get", "resource": "namespaces", "group": ""},
        {"verb": "create", "resource": "namespaces", "group": ""},
        {"verb": "create", "resource": "persistentvolumeclaims", "group": "", "namespace": "airflow"},
        {"verb": "get", "resource": "persistentvolumeclaims", "group": "", "namespace": "airflow"},
        {"verb": "create", "resource": "customresourcedefinitions", "group": "apiextensions.k8s.io"}]


def test_each_right_reads_as_verb_resource_and_where():
    assert describe({"verb": "create", "resource": "persistentvolumeclaims", "group": "", "namespace": "airflow"}) == \
        "create persistentvolumeclaims in namespace airflow"
    assert describe({"verb": "create", "resource": "customresourcedefinitions", "group": "apiextensions.k8s.io"}) == \
        "create customresourcedefinitions.apiextensions.k8s.io cluster-wide"


def test_the_refusal_names_every_missing_right_and_what_to_do():
    message = refusal([({"verb": "create", "resource": "persistentvolumes", "group": ""}, "no RBAC policy matched"),
                       ({"verb": "delete", "resource": "pods", "group": "", "namespace": "airflow"}, "")], "shared")
    assert message.startswith("the cluster (context shared) does not let this kubeconfig's user create "
                              "persistentvolumes cluster-wide (no RBAC policy matched); delete pods in namespace airflow.")
    assert "kubectl auth can-i --list" in message
