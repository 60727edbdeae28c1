# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dataeng lab maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one place where the lab builds a URL from values a user can type (passwords, names).

Note that this module util is **PRIVATE** to the collection. It can have breaking changes at any time.

Every part a user controls is percent-encoded with nothing left as "safe", so a password such as
``p@ss:w/rd?#%`` cannot end the userinfo, the host or the path early. The consumers (SQLAlchemy's
make_url, kombu, urllib and Airflow's Connection) all percent-decode these parts.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

try:
    from urllib.parse import quote, unquote, urlencode
except ImportError:  # pragma: no cover - Python 2 is not supported by the collection
    from urllib import quote, unquote, urlencode

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*$")
_HOST = re.compile(r"^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)$")


class UrlError(ValueError):
    """A part of the URL that no escaping can make valid (a scheme, a host, a port)."""


def _part(value):
    return quote(u"{0}".format(value).encode("utf-8"), safe="")


def connection_url(scheme, host, port=None, user=None, password=None, path=None, query=None):
    """scheme://user:password@host:port/path?query, each user-supplied part percent-encoded.

    ``user`` and ``password`` may be None (left out) or "" (kept, as in redis://:password@host);
    ``path`` is one segment (a database name or number); ``query`` a dict or a list of pairs.
    """
    if not _SCHEME.match(scheme or ""):
        raise UrlError("not a URL scheme: {0!r}".format(scheme))
    host = u"{0}".format(host or "")
    if ":" in host and not host.startswith("["):
        host = "[" + host + "]"
    if not _HOST.match(host):
        raise UrlError("not a host name or address: {0!r}".format(host))
    netloc = host
    if port not in (None, ""):
        if not re.match(r"^[0-9]+$", u"{0}".format(port)) or not 0 < int(port) < 65536:
            raise UrlError("not a port: {0!r}".format(port))
        netloc += ":{0}".format(int(port))
    if user is not None or password is not None:
        userinfo = _part(user or "")
        if password is not None:
            userinfo += ":" + _part(password)
        netloc = userinfo + "@" + netloc
    url = "{0}://{1}".format(scheme, netloc)
    if path not in (None, ""):
        url += "/" + _part(path)
    if query:
        items = sorted(query.items()) if isinstance(query, dict) else list(query)
        url += "?" + urlencode([(k, u"{0}".format(v)) for k, v in items])
    return url


def url_credentials(url):
    """The parts of scheme://[user[:password]@]host[:port][/path] a consumer that keeps credentials apart needs (apt's
    auth.conf): ``url`` without its userinfo, ``machine`` (host[:port]), and ``login`` and ``password``
    percent-decoded ('' when absent)."""
    match = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*://)(?:([^/]*)@)?([^/]*)(.*)$", u"{0}".format(url or ""))
    if not match:
        return {"url": u"{0}".format(url or ""), "machine": "", "login": "", "password": ""}
    scheme, userinfo, machine, path = match.groups()
    user, _sep, password = (userinfo or "").partition(":")
    return {"url": scheme + machine + path, "machine": machine, "login": unquote(user), "password": unquote(password)}
