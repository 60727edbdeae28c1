import pytest

from ansible_collections.dataeng.airflow_lab.plugins.module_utils._units import UnitValueError, systemd_quote, systemd_text


@pytest.mark.parametrize("value, context, quoted", [
    ("--driver=docker", "exec", '"--driver=docker"'),
    ("HTTP_PROXY=http://u:p%40ss@proxy:3128", "environment", '"HTTP_PROXY=http://u:p%%40ss@proxy:3128"'),
    ("--docker-env=HTTPS_PROXY=http://u:a$b%c@p:1", "exec", '"--docker-env=HTTPS_PROXY=http://u:a$$b%%c@p:1"'),
    ("NO_PROXY=a,$b", "environment", '"NO_PROXY=a,$b"'),
    ('/home/x y/"lab"\\', "exec", '"/home/x y/\\"lab\\"\\\\"'),
])
def test_systemd_quote_escapes_what_systemd_reads(value, context, quoted):
    assert systemd_quote(value, context) == quoted


@pytest.mark.parametrize("value", ["a\nb", "a\rb", "a\0b"])
def test_a_line_break_cannot_go_on_a_unit_line(value):
    with pytest.raises(UnitValueError):
        systemd_quote(value)


def test_only_the_two_contexts():
    with pytest.raises(UnitValueError):
        systemd_quote("x", "shell")


@pytest.mark.parametrize("value, text", [("student", "student"), ("/srv/100%/dags (profile x)", "/srv/100%%/dags (profile x)"),
                                         ('a "b" $c', 'a "b" $c')])
def test_systemd_text_doubles_percent_only(value, text):
    assert systemd_text(value) == text


@pytest.mark.parametrize("value", ["a\nb", "a\rb", "a\0b"])
def test_a_line_break_cannot_go_on_an_unquoted_unit_line(value):
    with pytest.raises(UnitValueError, match="line break"):
        systemd_text(value)


def test_the_context_is_read_by_value_not_identity():
    # A context that comes from elsewhere (a parameter) is a string of its own, not the literal (make mutation).
    assert systemd_quote("a$b", "".join(["ex", "ec"])) == '"a$$b"'
    assert systemd_quote("a$b", "".join(["environ", "ment"])) == '"a$b"'
