"""Pure decisions of the state_probe module: a difference whenever the host is not provably as wanted."""
import pytest

from ansible_collections.dataeng.airflow_lab.plugins.module_utils._state_probe import (
    ProbeError,
    diff_text,
    file_differences,
    line_differs,
    managed_names,
    normalize_mode,
    parse_dpkg_status,
    parse_sysctl_file,
    parse_systemctl_show,
    probe_differs,
    sysctl_differences,
    unit_differences,
    unit_key,
    user_differences,
)

CONF = {"exists": True, "type": "file", "sha1": "abc", "owner": "root", "group": "redis", "mode": 0o640}


@pytest.mark.parametrize("mode,expected", [("0640", 0o640), ("640", 0o640), ("2775", 0o2775), (416, 0o640), (None, None)])
def test_normalize_mode(mode, expected):
    assert normalize_mode(mode, "/x") == expected


@pytest.mark.parametrize("mode", ["u+rw", "0999", "rw-r-----", 99999, "12345"])
def test_normalize_mode_names_the_path_and_the_fix(mode):
    with pytest.raises(ProbeError, match=r"^/etc/redis/redis.conf: mode .*'0640'"):
        normalize_mode(mode, "/etc/redis/redis.conf")


def test_file_in_state():
    wanted = {"path": "/etc/redis/redis.conf", "checksum": "abc", "owner": "root", "group": "redis", "mode": 0o640}
    assert file_differences(wanted, CONF) == []


@pytest.mark.parametrize("change,reason", [
    ({"sha1": "def"}, "content differs"),
    ({"owner": "redis"}, "owner is redis, should be root"),
    ({"group": "root"}, "group is root, should be redis"),
    ({"mode": 0o644}, "mode is 0644, should be 0640"),
    ({"exists": False}, "missing"),
    ({"type": "directory"}, "is a directory, should be a file"),
])
def test_file_differences_name_what_differs(change, reason):
    wanted = {"path": "/c", "checksum": "abc", "owner": "root", "group": "redis", "mode": 0o640}
    assert file_differences(wanted, dict(CONF, **change)) == ["/c: " + reason]


def test_unset_attributes_are_not_compared():
    assert file_differences({"path": "/c"}, dict(CONF, owner="nobody", mode=0o777)) == []


def test_absent_and_directory_states():
    assert file_differences({"path": "/p", "state": "absent"}, {"exists": False}) == []
    assert file_differences({"path": "/p", "state": "absent"}, CONF) == ["/p: exists, should be absent"]
    folder = {"exists": True, "type": "directory", "owner": "root", "group": "redis", "mode": 0o750}
    assert file_differences({"path": "/d", "state": "directory", "mode": 0o750}, folder) == []
    assert file_differences({"path": "/d", "state": "directory"}, CONF) == ["/d: is a file, should be a directory"]


@pytest.mark.parametrize("text,differs", [
    ("# comment\nauto\n", False),
    ("# comment\nmanual\n", True),
    ("# no setting at all\n", True),
    ("manual\nauto\n", True),  # strict: every matching line must be the wanted one
    ("  auto  \n", True),      # lineinfile would rewrite it to exactly "auto"
])
def test_line_differs(text, differs):
    assert line_differs(text, "auto", r"^\s*(auto|manual|disabled)\s*$") is differs


SHOW = """Id=docker.service
LoadState=loaded
ActiveState=active
UnitFileState=enabled
NeedDaemonReload=no

Id=redis.service
LoadState=not-found
ActiveState=inactive
UnitFileState=
NeedDaemonReload=no
"""


def test_parse_systemctl_show_and_unit_key():
    units = parse_systemctl_show(SHOW)
    assert units["docker.service"]["ActiveState"] == "active"
    assert units["redis.service"]["LoadState"] == "not-found"
    assert unit_key("docker") == "docker.service"
    assert unit_key("postgresql@15-main") == "postgresql@15-main.service"
    assert unit_key("docker.socket") == "docker.socket"


def test_unit_differences():
    props = parse_systemctl_show(SHOW)
    assert unit_differences({"name": "docker", "active": True, "enabled": True}, props["docker.service"]) == []
    assert unit_differences({"name": "redis", "active": True}, props["redis.service"]) == ["redis: not loaded (not-found)"]
    assert unit_differences({"name": "x", "active": True}, None) == ["x: not loaded (unknown)"]
    stopped = dict(props["docker.service"], ActiveState="inactive", UnitFileState="enabled-runtime")
    assert unit_differences({"name": "docker", "active": True, "enabled": True}, stopped) == [
        "docker: inactive, should be active", "docker: enabled-runtime, should be enabled"]
    assert unit_differences({"name": "docker", "active": False, "enabled": False}, stopped) == [
        "docker: enabled-runtime, should be disabled"]
    assert unit_differences({"name": "docker"}, dict(props["docker.service"], NeedDaemonReload="yes")) == [
        "docker: its unit file changed since systemd loaded it"]


def test_sysctl():
    assert parse_sysctl_file("# c\nnet.ipv4.ip_nonlocal_bind=0\nnet/ipv4/ip_nonlocal_bind = 1\n") == {"net.ipv4.ip_nonlocal_bind": "1"}
    wanted = {"name": "net.ipv4.ip_nonlocal_bind", "value": "1", "file": "/etc/sysctl.d/60.conf"}
    assert sysctl_differences(wanted, "1", {"net.ipv4.ip_nonlocal_bind": "1"}) == []
    assert sysctl_differences(wanted, "0", {"net.ipv4.ip_nonlocal_bind": "1"}) == ["net.ipv4.ip_nonlocal_bind: is 0, should be 1"]
    assert sysctl_differences(wanted, "1", {}) == ["net.ipv4.ip_nonlocal_bind: /etc/sysctl.d/60.conf does not set it to 1"]
    assert sysctl_differences({"name": "net.ipv4.ip_local_port_range", "value": "32768  60999"}, "32768\t60999", {}) == []
    assert sysctl_differences({"name": "kernel.nothing", "value": "1"}, None, {}) == ["kernel.nothing: is None, should be 1"]


def test_user_differences():
    entry = ("redis", "x", 999, 999, "", "/var/lib/redis", "/usr/sbin/nologin")
    wanted = {"name": "redis", "group": "redis", "home": "/var/lib/redis", "shell": "/usr/sbin/nologin"}
    assert user_differences(wanted, entry, "redis", []) == []
    assert user_differences(wanted, None, None, []) == ["redis: no such account"]
    assert user_differences(dict(wanted, shell="/bin/sh", group="nogroup"), entry, "redis", []) == [
        "redis: primary group is redis, should be nogroup", "redis: shell is /usr/sbin/nologin, should be /bin/sh"]
    student = ("student", "x", 1000, 1000, "", "/home/student", "/bin/bash")
    assert user_differences({"name": "student", "groups": ["docker"]}, student, "student", ["sudo"]) == ["student: not in docker"]
    assert user_differences({"name": "student", "groups": ["docker"]}, student, "student", ["sudo", "docker"]) == []


def test_parse_dpkg_status_keeps_installed_packages_only():
    status = """Package: docker.io
Status: install ok installed
Architecture: amd64
Version: 20.10.24
Description: Linux container runtime
 Package: not-a-field

Package: half
Status: install ok half-configured
Version: 1

Package: removed
Status: deinstall ok config-files
Version: 2
"""
    packages = parse_dpkg_status(status)
    assert list(packages) == ["docker.io"]
    assert packages["docker.io"] == [{"name": "docker.io", "version": "20.10.24", "arch": "amd64", "source": "apt"}]


def test_diff_text():
    assert diff_text([]) is None
    assert diff_text(["/c: missing"])["before"] == "/c: missing\n"


def test_managed_names_lists_each_kind_by_its_key():
    assert managed_names({"files": [{"path": "/a"}], "sysctl": [{"name": "net.x", "value": "1"}], "groups": ["g"]}) == {
        "files": ["/a"], "units": [], "sysctl": ["net.x"], "users": [], "groups": ["g"]}


def test_probe_differs_checks_the_declaration_even_when_the_probe_ran():
    with pytest.raises(ProbeError, match="unknown kinds"):
        probe_differs({"differs": {"files": []}}, {"packages": []})
