# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dataeng lab maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: connection_url
author: dataeng lab maintainers
short_description: Build a connection URL with every user-supplied part percent-encoded
version_added: 0.1.0
description:
  - Builds V(scheme://user:password@host:port/path?query). The user, the password, the path segment and the
    query values are percent-encoded with no character left as safe, so any printable character, a space, a
    quote or a non-ASCII letter in a password survives SQLAlchemy's C(make_url), kombu, C(urllib.parse) and
    Airflow's C(Connection(uri=...)).
  - The lab builds every URL that holds a password with this filter.
options:
  _input:
    description: The scheme, for example V(postgresql) or V(redis).
    type: str
    required: true
  host:
    description: Host name or address (an IPv6 address gets its brackets).
    type: str
    required: true
  port:
    description: Port number.
    type: int
  user:
    description: User name; left out when not given.
    type: str
  password:
    description: Password; V("") keeps an empty user, as in V(redis://:password@host).
    type: str
  path:
    description: One path segment, such as a database name or number.
    type: str
  query:
    description: Query parameters.
    type: dict
"""

EXAMPLES = r"""
- name: The metadata database's URL
  ansible.builtin.set_fact:
    metadata_url: >-
      {{ 'postgresql' | dataeng.airflow_lab.connection_url(host='db.local', port=5432, user='airflow',
         password=db_password, path='airflow_db', query={'sslmode': 'disable'}) }}
"""

RETURN = r"""
_value:
  description: The URL.
  type: str
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.dataeng.airflow_lab.plugins.module_utils._urls import UrlError, connection_url as _connection_url


def connection_url(scheme, host, port=None, user=None, password=None, path=None, query=None):
    try:
        return _connection_url(scheme, host, port=port, user=user, password=password, path=path, query=query)
    except UrlError as error:
        raise AnsibleFilterError("connection_url: {0}".format(error))


class FilterModule(object):
    def filters(self):
        return {"connection_url": connection_url}
