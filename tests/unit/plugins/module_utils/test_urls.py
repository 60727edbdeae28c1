"""connection_url against the consumers' own parsers: SQLAlchemy's make_url (Airflow's metadata database),
kombu's URL parser (the Celery broker) and urllib.parse. Airflow's Connection(uri=...) is checked in
tests/integration/test_urls_airflow.py, in the Airflow virtualenv."""
import string
from urllib.parse import unquote, urlsplit

import pytest
from kombu.utils.url import parse_url
from sqlalchemy.engine import make_url

from ansible_collections.dataeng.airflow_lab.plugins.module_utils._urls import UrlError, connection_url, url_credentials

PRINTABLE = "".join(chr(code) for code in range(32, 127))
PASSWORDS = (
    [PRINTABLE, " leading and trailing ", "quo'te\"s", "pässwörd-ünïcødé-密码", "%41%", "a+b=c&d", "@:/?#[]", "",
     "semi;colon,comma", "back\\slash"]
    + list(string.punctuation) + [" "]
)
USERS = ["airflow_user", "us@er:name", "ünï"]


@pytest.mark.parametrize("password", PASSWORDS, ids=range(len(PASSWORDS)))
@pytest.mark.parametrize("user", USERS)
def test_postgresql_url_parses_back_with_sqlalchemy_and_urllib(user, password):
    url = connection_url("postgresql", "host.minikube.internal", 5432, user, password, "airflow_db", {"sslmode": "disable"})
    parsed = make_url(url)
    assert (parsed.username, parsed.password, parsed.host, parsed.port, parsed.database) == (
        user, password, "host.minikube.internal", 5432, "airflow_db")
    assert parsed.query == {"sslmode": "disable"}
    split = urlsplit(url)
    assert (unquote(split.username), unquote(split.password), split.hostname, split.port) == (
        user, password, "host.minikube.internal", 5432)


@pytest.mark.parametrize("password", PASSWORDS, ids=range(len(PASSWORDS)))
def test_redis_broker_url_parses_back_with_kombu(password):
    url = connection_url("redis", "host.minikube.internal", 6379, "", password, "0")
    parts = parse_url(url)
    assert (parts["transport"], parts["hostname"], parts["port"], parts["password"], parts["virtual_host"]) == (
        "redis", "host.minikube.internal", 6379, password or None, "0")


def test_every_reserved_character_is_encoded():
    url = connection_url("redis", "h", 1, "", PRINTABLE)
    userinfo = url[len("redis://"):url.rindex("@")]
    assert set(userinfo) <= set(string.ascii_letters + string.digits + "%-._~:")
    assert userinfo.count(":") == 1


def test_parts_left_out_and_ipv6():
    assert connection_url("http", "example.org") == "http://example.org"
    assert connection_url("http", "::1", 80) == "http://[::1]:80"
    assert connection_url("redis", "h", None, "", "pw") == "redis://:pw@h"


@pytest.mark.parametrize("kwargs", [
    dict(scheme="", host="h"), dict(scheme="1x", host="h"), dict(scheme="http", host="a b"),
    dict(scheme="http", host="h/x"), dict(scheme="http", host="h", port=0), dict(scheme="http", host="h", port="80x"),
    dict(scheme="http", host="h", port=70000), dict(scheme="http", host=""),
])
def test_parts_no_escaping_can_fix_are_refused(kwargs):
    with pytest.raises(UrlError):
        connection_url(**kwargs)


@pytest.mark.parametrize("password", [p for p in PASSWORDS if p and not any(c in p for c in " \t")],
                         ids=lambda p: "{0}".format(len(p)))
@pytest.mark.parametrize("user", USERS)
def test_url_credentials_gives_back_what_connection_url_encoded(user, password):
    url = connection_url("http", "proxy.school.example", port=3128, user=user, password=password)
    parts = url_credentials(url)
    assert parts == {"url": "http://proxy.school.example:3128", "machine": "proxy.school.example:3128",
                     "login": user, "password": password}
    # What a proxy client reads from the URL itself agrees.
    split = urlsplit(url)
    assert (unquote(split.username), unquote(split.password)) == (user, password)


def test_url_credentials_without_userinfo_or_password():
    assert url_credentials("http://proxy:3128/") == {"url": "http://proxy:3128/", "machine": "proxy:3128",
                                                     "login": "", "password": ""}
    assert url_credentials("http://lab@proxy")["login"] == "lab"
    assert url_credentials("")["url"] == ""


# Found by make mutation: the port's limits, a user without a password, a value that is not a URL.

@pytest.mark.parametrize("port", [1, 65535, "6379"])
def test_every_port_from_1_to_65535_is_one(port):
    assert connection_url("redis", "h", port=port) == "redis://h:{0}".format(port)


@pytest.mark.parametrize("port", [0, 65536, 70000, "-1", "80a"])
def test_a_port_outside_1_to_65535_is_refused(port):
    with pytest.raises(UrlError, match="not a port"):
        connection_url("redis", "h", port=port)


def test_a_user_without_a_password_is_kept():
    assert connection_url("postgresql", "h", user="u") == "postgresql://u@h"
    assert connection_url("redis", "h", password="p") == "redis://:p@h"


def test_what_is_not_a_url_is_given_back_as_it_is_without_credentials():
    assert url_credentials("not a url") == {"url": "not a url", "machine": "", "login": "", "password": ""}
    assert url_credentials(None) == {"url": "", "machine": "", "login": "", "password": ""}
