"""Spark Pi on the Spark Operator: Airflow submits a SparkApplication and a sensor follows it.

The SparkApplication is spark_pi.yaml beside this file. Airflow's worker service account may create and
watch SparkApplications in the ``processing`` namespace (RBAC from dataeng.airflow_lab.spark_operator), and
the ``kubernetes_default`` connection (in-cluster) is created by dataeng.airflow_lab.airflow.
"""

from __future__ import annotations

import datetime
import os

from airflow.providers.cncf.kubernetes.operators.spark_kubernetes import SparkKubernetesOperator
from airflow.providers.cncf.kubernetes.sensors.spark_kubernetes import SparkKubernetesSensor

try:  # Airflow 3
    from airflow.sdk import DAG
except ImportError:  # Airflow 2
    from airflow import DAG

NAMESPACE = "processing"
APPLICATION = "spark-pi-{{ ts_nodash | lower }}"

with DAG(
    dag_id="spark_pi",
    schedule=None,
    start_date=datetime.datetime(2024, 1, 1),
    catchup=False,
    template_searchpath=[os.path.dirname(os.path.abspath(__file__))],
    tags=["airflow-lab", "spark"],
) as dag:
    submit = SparkKubernetesOperator(
        task_id="submit_spark_pi",
        namespace=NAMESPACE,
        application_file="spark_pi.yaml",
        kubernetes_conn_id="kubernetes_default",
        random_name_suffix=False,
        delete_on_termination=False,
    )
    watch = SparkKubernetesSensor(
        task_id="watch_spark_pi",
        namespace=NAMESPACE,
        application_name=APPLICATION,
        kubernetes_conn_id="kubernetes_default",
        attach_log=True,
        poke_interval=15,
        timeout=1800,
        mode="reschedule",
    )
    submit >> watch
