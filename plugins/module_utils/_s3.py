# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dataeng lab maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The lab's S3 wiring: bucket names S3 accepts, and the settings each consumer reads (Airflow, Spark's s3a).

Note that this module util is **PRIVATE** to the collection. It can have breaking changes at any time.

No credential goes through these settings: the pods read the store's keys from the environment (the copied
Secret), so a key holding any character never meets a URL, a JSON document or a Spark property.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import re

_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]*[a-z0-9]$")
_IPV4 = re.compile(r"^\d{1,3}(\.\d{1,3}){3}$")
_ENDPOINT = re.compile(r"^(https?)://([^/@]+?)(/.*)?$")


def bucket_name_problem(name):
    """Why S3 would refuse ``name`` as a bucket name (general purpose bucket rules), or ``''``."""
    if not isinstance(name, str):
        return "is not a string"
    if not 3 <= len(name) <= 63:
        return "has %d characters, S3 takes 3 to 63" % len(name)
    if not _BUCKET.match(name):
        return "may hold only lower-case letters, digits, - and ., and must start and end with a letter or digit"
    if ".." in name or ".-" in name or "-." in name:
        return "may not hold two dots, or a dot beside a -, in a row"
    if _IPV4.match(name):
        return "may not look like an IP address"
    for prefix in ("xn--", "sthree-", "amzn-s3-demo-"):
        if name.startswith(prefix):
            return "may not start with %s" % prefix
    for suffix in ("-s3alias", "--ol-s3", "--x-s3", "--table-s3", ".mrap"):
        if name.endswith(suffix):
            return "may not end with %s" % suffix
    return ""


def _endpoint_parts(endpoint):
    match = _ENDPOINT.match(endpoint or "")
    if not match:
        raise ValueError("the endpoint must be an http(s)://host[:port] URL without credentials, got %r" % (endpoint,))
    return match.group(1), match.group(2)


def airflow_connection(endpoint, region="us-east-1"):
    """Airflow's S3 connection (conn_type aws) as the JSON an AIRFLOW_CONN_* variable holds.

    Credentials are left out: the hook falls back to boto3's chain, which reads AWS_ACCESS_KEY_ID and
    AWS_SECRET_ACCESS_KEY from the environment (the copied Secret).
    """
    _endpoint_parts(endpoint)
    return json.dumps({"conn_type": "aws", "extra": {"endpoint_url": endpoint, "region_name": region}},
                      sort_keys=True, separators=(",", ":"))


def spark_s3a_conf(endpoint):
    """The s3a settings of a SparkApplication (sparkConf): the endpoint, path-style access, credentials from the
    environment."""
    scheme, netloc = _endpoint_parts(endpoint)
    return {
        "spark.hadoop.fs.s3a.endpoint": endpoint,
        "spark.hadoop.fs.s3a.path.style.access": "true",
        "spark.hadoop.fs.s3a.connection.ssl.enabled": "true" if scheme == "https" else "false",
        "spark.hadoop.fs.s3a.impl": "org.apache.hadoop.fs.s3a.S3AFileSystem",
        "spark.hadoop.fs.s3a.aws.credentials.provider": "com.amazonaws.auth.EnvironmentVariableCredentialsProvider",
    }
