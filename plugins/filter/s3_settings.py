# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dataeng lab maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: s3_settings
author: dataeng lab maintainers
short_description: The S3 settings a consumer of the lab's object store reads
version_added: 0.1.0
description:
  - For V(airflow), the JSON of Airflow's S3 connection (conn_type C(aws), the endpoint and region in its extra), as an
    C(AIRFLOW_CONN_<ID>) variable holds it. For V(spark), the C(sparkConf) entries of Spark's s3a connector (endpoint,
    path-style access, TLS or not, credentials from the environment).
  - No credential goes into either; the pods read the keys from the environment, set from the store's Secret.
options:
  _input:
    description: The endpoint, C(http(s)://host[:port]).
    type: str
    required: true
  consumer:
    description: Whose settings.
    type: str
    choices: [airflow, spark]
    required: true
  region:
    description: The region name in Airflow's connection.
    type: str
    default: us-east-1
"""

EXAMPLES = r"""
- name: Airflow's connection and Spark's settings for the store
  ansible.builtin.set_fact:
    s3_conn: "{{ 'http://seaweedfs-all-in-one.storage.svc:8333' | dataeng.airflow_lab.s3_settings('airflow') }}"
    s3a: "{{ 'http://seaweedfs-all-in-one.storage.svc:8333' | dataeng.airflow_lab.s3_settings('spark') }}"
"""

RETURN = r"""
_value:
  description: A JSON string (V(airflow)) or a dict of Spark properties (V(spark)).
  type: raw
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.dataeng.airflow_lab.plugins.module_utils._s3 import airflow_connection, spark_s3a_conf


def s3_settings(endpoint, consumer, region="us-east-1"):
    try:
        if consumer == "airflow":
            return airflow_connection(endpoint, region)
        if consumer == "spark":
            return spark_s3a_conf(endpoint)
    except ValueError as err:
        raise AnsibleFilterError("s3_settings: %s" % err)
    raise AnsibleFilterError("s3_settings: consumer must be airflow or spark, got %r" % (consumer,))


class FilterModule(object):
    def filters(self):
        return {"s3_settings": s3_settings}
