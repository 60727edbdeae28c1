"""The probe_differs filter: a role's declaration of what it manages, turned into what its tasks must apply."""
import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.dataeng.airflow_lab.plugins.filter.probe_differs import FilterModule

probe_differs = FilterModule().filters()["probe_differs"]

MANAGED = {
    "files": [{"path": "/etc/redis/redis.conf", "checksum": "abc"}, {"path": "/var/lib/redis", "state": "directory"}],
    "units": [{"name": "redis", "active": True}],
    "users": [{"name": "redis", "group": "redis"}],
    "groups": ["redis"],
}


def test_a_probe_that_ran_decides():
    result = {"differs": {"files": ["/etc/redis/redis.conf"], "units": [], "sysctl": [], "users": [], "groups": []}}
    assert probe_differs(result, MANAGED) == {"files": ["/etc/redis/redis.conf"], "units": [], "sysctl": [], "users": [],
                                              "groups": []}


@pytest.mark.parametrize("result", [None, {"skipped": True, "changed": False}, {}])
def test_without_a_probe_everything_managed_differs(result):
    assert probe_differs(result, MANAGED) == {"files": ["/etc/redis/redis.conf", "/var/lib/redis"], "units": ["redis"],
                                              "sysctl": [], "users": ["redis"], "groups": ["redis"]}


@pytest.mark.parametrize("managed,message", [
    ({"file": []}, "unknown kinds of managed state: file"),
    ([], "must be a dict"),
    ({"units": [{"unit": "redis"}]}, "name"),
])
def test_a_wrong_declaration_is_named(managed, message):
    with pytest.raises(AnsibleFilterError, match=message):
        probe_differs(None, managed)
