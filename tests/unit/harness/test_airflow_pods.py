"""The run harness's pod runner (tests/airflow_run/pods.py): what it makes of a pod spec, before anything runs.
The expected values are Kubernetes' documented behaviour, written here."""
import base64
import importlib.util
import os

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
SPEC = importlib.util.spec_from_file_location("pods", os.path.join(HERE, "..", "..", "airflow_run", "pods.py"))
pods = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(pods)

IMAGES = {"apache/airflow:3.2.2": "local/airflow:1"}


@pytest.mark.parametrize("text, env, expected", [
    # https://kubernetes.io/docs/tasks/inject-data-application/define-interdependent-environment-variables/
    ("$(A)", {"A": "x"}, "x"),
    ("-p $(A)!", {"A": "p@ss:w/rd?#%"}, "-p p@ss:w/rd?#%!"),
    ("$(MISSING)", {}, "$(MISSING)"),
    ("$$(A)", {"A": "x"}, "$(A)"),
    ("$$", {}, "$"),
    ("a$b", {}, "a$b"),
    ("$(A", {"A": "x"}, "$(A"),
    ("$(A)$(B)", {"A": "1", "B": "$(A)"}, "1$(A)"),
    ("tail $", {}, "tail $"),
])
def test_expand_follows_the_kubelet(text, env, expected):
    assert pods.expand(text, env) == expected


def _pod(spec, name="p-0", kind="StatefulSet"):
    return {"name": name, "namespace": "airflow", "kind": kind, "workload": "p", "labels": {}, "spec": spec,
            "aliases": [name], "backoff_limit": None}


def _container(**fields):
    return dict({"name": "c", "image": "apache/airflow:3.2.2"}, **fields)


OBJECTS = {("Secret", "s"): {"password": "p@ss:w/rd?#%[]+ &'\"é"}, ("ConfigMap", "cfg"): {"airflow.cfg": "[core]\n"}}


def test_env_resolves_references_in_order():
    container = _container(env=[
        {"name": "PW", "valueFrom": {"secretKeyRef": {"name": "s", "key": "password"}}},
        {"name": "LATER", "value": "$(EARLY)"},
        {"name": "EARLY", "value": "e"},
        {"name": "BOTH", "value": "$(PW)/$(EARLY)"},
        {"name": "POD", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
    ])
    env = pods.resolve_env(container, OBJECTS, _pod({}), "here")
    assert env == {"PW": "p@ss:w/rd?#%[]+ &'\"é", "LATER": "$(EARLY)", "EARLY": "e",
                   "BOTH": "p@ss:w/rd?#%[]+ &'\"é/e", "POD": "p-0"}


def test_args_are_expanded_with_the_whole_environment():
    spec = {"enableServiceLinks": False, "containers": [_container(
        env=[{"name": "PW", "valueFrom": {"secretKeyRef": {"name": "s", "key": "password"}}}],
        args=["bash", "-c", 'exec airflow users create "$@"', "--", "-p", "$(PW)", "$$(PW)"])]}
    plan = pods.plan_pod(_pod(spec), OBJECTS, {}, IMAGES)
    assert plan["containers"][0]["args"] == ["bash", "-c", 'exec airflow users create "$@"', "--", "-p",
                                             "p@ss:w/rd?#%[]+ &'\"é", "$(PW)"]


def test_a_missing_secret_or_key_stops_the_run():
    container = _container(env=[{"name": "X", "valueFrom": {"secretKeyRef": {"name": "nope", "key": "k"}}}])
    with pytest.raises(pods.RunFailed, match="Secret nope does not exist"):
        pods.resolve_env(container, OBJECTS, _pod({}), "here")
    container = _container(env=[{"name": "X", "valueFrom": {"secretKeyRef": {"name": "s", "key": "k"}}}])
    with pytest.raises(pods.RunFailed, match="has no key k"):
        pods.resolve_env(container, OBJECTS, _pod({}), "here")
    optional = _container(env=[{"name": "X", "valueFrom": {"secretKeyRef": {"name": "nope", "key": "k", "optional": True}}}])
    assert pods.resolve_env(optional, OBJECTS, _pod({}), "here") == {}


@pytest.mark.parametrize("spec, message", [
    ({"enableServiceLinks": False, "hostNetwork": True, "containers": [_container()]}, "pod field hostNetwork"),
    ({"containers": [_container()]}, "enableServiceLinks"),
    ({"enableServiceLinks": False, "containers": [_container(lifecycle={})]}, "lifecycle"),
    ({"enableServiceLinks": False, "containers": [_container(image="quay.io/x/y:1")]}, "image quay.io/x/y:1"),
    ({"enableServiceLinks": False, "containers": [_container(imagePullPolicy="Always")]}, "Always"),
    ({"enableServiceLinks": False, "containers": [_container(securityContext={"seccompProfile": {}})]}, "seccompProfile"),
    ({"enableServiceLinks": False, "volumes": [{"name": "v", "hostPath": {"path": "/"}}], "containers": [_container()]},
     "hostPath"),
    ({"enableServiceLinks": False, "containers": [_container(livenessProbe={"tcpSocket": {"port": 1}})]}, "tcpSocket"),
    ({"enableServiceLinks": False, "containers": [_container(
        env=[{"name": "IP", "valueFrom": {"fieldRef": {"fieldPath": "status.podIP"}}}])]}, "status.podIP"),
])
def test_a_field_it_does_not_understand_stops_it(spec, message):
    with pytest.raises(pods.Unsupported, match=message.replace(".", r"\.")):
        pods.plan_pod(_pod(spec), OBJECTS, {}, IMAGES)


def test_volumes_become_files_folders_and_tmpfs():
    spec = {"enableServiceLinks": False, "securityContext": {"runAsUser": 50000, "fsGroup": 0},
            "volumes": [{"name": "config", "configMap": {"name": "cfg"}},
                        {"name": "pw", "secret": {"secretName": "s", "defaultMode": 0o400}},
                        {"name": "logs", "persistentVolumeClaim": {"claimName": "airflow-logs-claim"}},
                        {"name": "scratch", "emptyDir": {}}],
            "containers": [_container(volumeMounts=[
                {"name": "config", "mountPath": "/opt/airflow/airflow.cfg", "subPath": "airflow.cfg", "readOnly": True},
                {"name": "pw", "mountPath": "/secret"},
                {"name": "logs", "mountPath": "/opt/airflow/logs"},
                {"name": "scratch", "mountPath": "/tmp/scratch"}])]}
    plan = pods.plan_pod(_pod(spec), OBJECTS, {"airflow-logs-claim": "/home/student/airflow-lab/logs"}, IMAGES)
    base = pods.FILES + "/p-0"
    assert plan["files"] == {base + "/config/airflow.cfg": ("[core]\n", 0o644),
                             base + "/pw/password": ("p@ss:w/rd?#%[]+ &'\"é", 0o400)}
    assert plan["tmpfs"] == ["p-0--scratch"]
    options = plan["containers"][0]["options"]
    mounts = [options[i + 1] for i, o in enumerate(options) if o == "-v"]
    assert mounts == [base + "/config/airflow.cfg:/opt/airflow/airflow.cfg:ro", base + "/pw:/secret",
                      "/home/student/airflow-lab/logs:/opt/airflow/logs", "p-0--scratch:/tmp/scratch"]
    # runAsUser without runAsGroup: the primary group is root (0); fsGroup is a supplementary group.
    assert options[options.index("--user") + 1] == "50000:0"
    assert plan["groups"] == ["0"]


def test_a_claim_that_is_not_the_labs_stops_it():
    spec = {"enableServiceLinks": False, "volumes": [{"name": "d", "persistentVolumeClaim": {"claimName": "other"}}],
            "containers": [_container()]}
    with pytest.raises(pods.RunFailed, match="claim other"):
        pods.plan_pod(_pod(spec), OBJECTS, {"airflow-dags-claim": "/x"}, IMAGES)


def test_probes_take_kubernetes_defaults_and_named_ports():
    container = _container(ports=[{"name": "api-server", "containerPort": 8080}],
                           readinessProbe={"httpGet": {"path": "/api/v2/version", "port": "api-server"}},
                           livenessProbe={"exec": {"command": ["true"]}, "periodSeconds": 60})
    plan = pods.plan_pod(_pod({"enableServiceLinks": False, "containers": [container]}), OBJECTS, {}, IMAGES)
    probes = plan["containers"][0]["probes"]
    assert probes["readinessProbe"] == {"http": "http://127.0.0.1:8080/api/v2/version", "initial": 0, "period": 10,
                                        "timeout": 1, "failures": 3}
    assert probes["livenessProbe"]["exec"] == ["true"] and probes["livenessProbe"]["period"] == 60


def test_pods_of_names_pods_and_their_service_names():
    template = {"metadata": {"labels": {"component": "scheduler", "release": "airflow"}},
                "spec": {"containers": [{"name": "s", "ports": [{"name": "task-logs", "containerPort": 8793}]}]}}
    manifests = [
        {"kind": "StatefulSet", "metadata": {"name": "airflow-scheduler", "namespace": "airflow"},
         "spec": {"replicas": 2, "serviceName": "airflow-scheduler", "selector": {}, "template": template}},
        {"kind": "Service", "metadata": {"name": "airflow-scheduler"},
         "spec": {"selector": {"component": "scheduler"}, "ports": [{"port": 8793, "targetPort": "task-logs"}]}},
        {"kind": "Job", "metadata": {"name": "migrate", "namespace": "airflow"}, "spec": {"template": template}},
        {"kind": "Deployment", "metadata": {"name": "statsd", "namespace": "airflow"}, "spec": {"template": template}},
    ]
    found, skipped = pods.pods_of(manifests, {"statsd": "no image"}, "default")
    assert [p["name"] for p in found] == ["airflow-scheduler-0", "airflow-scheduler-1", "migrate-0"]
    assert found[1]["aliases"] == [
        "airflow-scheduler-1", "airflow-scheduler-1.airflow-scheduler", "airflow-scheduler-1.airflow-scheduler.airflow",
        "airflow-scheduler-1.airflow-scheduler.airflow.svc", "airflow-scheduler-1.airflow-scheduler.airflow.svc.cluster.local",
        "airflow-scheduler", "airflow-scheduler.airflow", "airflow-scheduler.airflow.svc",
        "airflow-scheduler.airflow.svc.cluster.local"]
    assert found[2]["backoff_limit"] == 6
    assert skipped == [{"workload": "statsd", "why": "no image"}]


def test_a_service_that_maps_ports_stops_it():
    template = {"metadata": {"labels": {"component": "api"}}, "spec": {"containers": [{"name": "a", "ports": []}]}}
    manifests = [{"kind": "Deployment", "metadata": {"name": "api"}, "spec": {"template": template}},
                 {"kind": "Service", "metadata": {"name": "api"},
                  "spec": {"selector": {"component": "api"}, "ports": [{"port": 80, "targetPort": 8080}]}}]
    with pytest.raises(pods.Unsupported, match="kube-proxy"):
        pods.pods_of(manifests, {})


def test_chart_secrets_are_decoded_and_the_roles_added():
    manifests = [{"kind": "Secret", "metadata": {"name": "chart"}, "data": {"k": base64.b64encode(b"v").decode()}}]
    objects = pods.index_objects(manifests, [{"kind": "Secret", "name": "role", "data": {"connection": "x"}}])
    assert objects == {("Secret", "chart"): {"k": "v"}, ("Secret", "role"): {"connection": "x"}}


@pytest.mark.parametrize("text, expected", [("1Gi", 1073741824), ("512Mi", 536870912), ("1G", 10 ** 9), ("100", 100)])
def test_memory_quantities(text, expected):
    assert pods.quantity_bytes(text) == expected
