"""The S3 wiring's pure functions: bucket names, Airflow's connection, Spark's s3a settings."""
import json

import pytest

from ansible_collections.dataeng.airflow_lab.plugins.module_utils._s3 import (
    airflow_connection, bucket_name_problem, spark_s3a_conf)


@pytest.mark.parametrize("name", ["lab-data", "airflow-logs", "abc", "a.b-c1", "x" * 63])
def test_good_bucket_names(name):
    assert bucket_name_problem(name) == ""


@pytest.mark.parametrize("name, reason", [
    ("ab", "3 to 63"), ("x" * 64, "3 to 63"), ("Lab-Data", "lower-case"), ("lab_data", "lower-case"),
    ("-lab", "start and end"), ("lab-", "start and end"), ("lab..data", "two dots"), ("lab.-data", "two dots"),
    ("192.168.1.10", "IP address"), ("xn--lab", "xn--"), ("lab-s3alias", "-s3alias"), ("lab data", "lower-case"),
    (None, "not a string"),
])
def test_bad_bucket_names(name, reason):
    assert reason in bucket_name_problem(name)


def test_airflow_connection_is_json_without_credentials():
    conn = json.loads(airflow_connection("http://seaweedfs-all-in-one.storage.svc:8333"))
    assert conn == {"conn_type": "aws", "extra": {"endpoint_url": "http://seaweedfs-all-in-one.storage.svc:8333",
                                                  "region_name": "us-east-1"}}


@pytest.mark.parametrize("endpoint", ["", "ftp://x", "http://user:pw@host:8333", "host:8333"])
def test_bad_endpoints(endpoint):
    with pytest.raises(ValueError, match="http"):
        airflow_connection(endpoint)
    with pytest.raises(ValueError):
        spark_s3a_conf(endpoint)


def test_spark_settings_follow_the_scheme():
    plain = spark_s3a_conf("http://store:8333")
    assert plain["spark.hadoop.fs.s3a.endpoint"] == "http://store:8333"
    assert plain["spark.hadoop.fs.s3a.path.style.access"] == "true"
    assert plain["spark.hadoop.fs.s3a.connection.ssl.enabled"] == "false"
    assert "EnvironmentVariable" in plain["spark.hadoop.fs.s3a.aws.credentials.provider"]
    assert spark_s3a_conf("https://s3.school.example")["spark.hadoop.fs.s3a.connection.ssl.enabled"] == "true"
    assert all(isinstance(v, str) for v in plain.values())
