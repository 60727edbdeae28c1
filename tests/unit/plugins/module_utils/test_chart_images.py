import yaml

from ansible_collections.dataeng.airflow_lab.plugins.module_utils._chart_images import chart_images

RENDERED = """
apiVersion: apps/v1
kind: Deployment
spec:
  template:
    spec:
      initContainers: [{name: wait, image: "apache/airflow:3.2.2"}]
      containers: [{name: scheduler, image: "apache/airflow:3.2.2"}, {name: groomer, image: "apache/airflow:3.2.2"}]
---
apiVersion: v1
kind: ConfigMap
data:
  pod_template_file.yaml: |
    kind: Pod
    spec:
      containers: [{name: base, image: "apache/airflow:3.2.2-task"}]
  airflow.cfg: "[core]\\nexecutor = KubernetesExecutor\\n"
---
apiVersion: batch/v1
kind: Job
spec:
  template:
    spec:
      containers: [{name: migrate, image: "quay.io/prometheus/statsd-exporter:v0.28.0"}]
"""


def load(text):
    return [doc for doc in yaml.safe_load_all(text) if doc]


def test_every_container_image_once_including_a_pod_template_in_a_configmap():
    assert chart_images(RENDERED, load) == ["apache/airflow:3.2.2", "apache/airflow:3.2.2-task",
                                            "quay.io/prometheus/statsd-exporter:v0.28.0"]


def test_minikubes_node_image_is_read_from_its_help():
    from ansible_collections.dataeng.airflow_lab.plugins.module_utils._chart_images import minikube_base_image
    text = ("      --base-image='gcr.io/k8s-minikube/kicbase:v0.0.48@sha256:" + "7" * 64 + "': The base image to use for "
            "docker/podman drivers. Intended for local development.\n")
    assert minikube_base_image(text) == "gcr.io/k8s-minikube/kicbase:v0.0.48@sha256:" + "7" * 64
    assert minikube_base_image("no such flag") == ""
