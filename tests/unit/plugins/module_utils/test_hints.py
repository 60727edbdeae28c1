"""What a failed Helm release says: helm's reason, secrets hidden, and the command for its cause."""
import pytest

from ansible_collections.dataeng.airflow_lab.plugins.module_utils._hints import duration_seconds, helm_failure

# kubernetes.core.helm's fail_json message after a failed helm command (kubernetes.core 3.x to 6.x).
TIMEOUT = ("Failure when executing Helm command. Exited 1.\n    stdout: \n    stderr: Error: INSTALLATION FAILED: "
           "context deadline exceeded\n")
UNREACHABLE = ("Failure when executing Helm command. Exited 1.\n    stdout: \n    stderr: Error: Kubernetes cluster "
               "unreachable: Get \"https://127.0.0.1:1/version\": dial tcp 127.0.0.1:1: connect: connection refused\n")
PENDING = ("Failure when executing Helm command. Exited 1.\n    stdout: \n    stderr: Error: UPGRADE FAILED: another "
           "operation (install/upgrade/rollback) is in progress\n")


@pytest.mark.parametrize("value, seconds", [("15m", 900), ("1h30m", 5400), ("10m0s", 600), ("90s", 90), ("600", 600),
                                            (300, 300), ("1.5h", 5400)])
def test_durations_as_helm_takes_them(value, seconds):
    assert duration_seconds(value) == seconds


@pytest.mark.parametrize("value", ["", "15 minutes", "m", "15x", "-5m", "1h 30m"])
def test_what_is_not_a_duration_is_refused(value):
    with pytest.raises(ValueError, match="is not a duration such as 15m"):
        duration_seconds(value)


def test_a_timed_out_wait_points_at_the_pods():
    assert helm_failure(TIMEOUT, "airflow", "airflow", context="airflow-lab", user="student") == (
        "The Helm release airflow in namespace airflow failed (its pods did not become ready in time): Error: "
        "INSTALLATION FAILED: context deadline exceeded. To look further (as student): kubectl --context airflow-lab "
        "describe pods --namespace airflow")


def test_helm_3_wait_words_read_as_a_wait_that_timed_out():
    assert "kubectl describe pods --namespace spark-operator" in helm_failure(
        TIMEOUT.replace("context deadline exceeded", "timed out waiting for the condition"), "spark-operator",
        "spark-operator")


def test_an_unreachable_cluster_points_at_the_cluster_with_the_roles_kubeconfig():
    message = helm_failure(UNREACHABLE, "airflow", "airflow", kubeconfig="/home/a b/.kube/config", context="lab")
    assert "(the cluster did not answer): Error: Kubernetes cluster unreachable" in message
    assert message.endswith("To look further: kubectl --kubeconfig '/home/a b/.kube/config' --context lab cluster-info")


def test_a_pending_release_points_at_its_history_and_anything_else_at_its_status():
    assert helm_failure(PENDING, "airflow", "airflow").endswith("helm history airflow --namespace airflow")
    other = helm_failure("Failure when executing Helm command. Exited 1.\n stderr: Error: chart requires "
                         "kubeVersion: >=1.30", "airflow", "airflow", context="lab")
    assert other == ("The Helm release airflow in namespace airflow failed: Error: chart requires kubeVersion: >=1.30. "
                     "To look further: helm --kube-context lab status airflow --namespace airflow")


def test_no_secret_survives_in_the_message():
    leaky = TIMEOUT.replace("context deadline exceeded", "job args --password s3cr:et/pa ss and s3cr")
    message = helm_failure(leaky, "airflow", "airflow", secrets=["s3cr:et/pa ss", "", "s3cr"])
    assert "s3cr" not in message and "--password ******** and ********" in message


def test_a_message_without_error_lines_keeps_its_last_line():
    assert "failed: something odd happened. To look" in helm_failure("first\nsomething odd happened.", "a", "b")
