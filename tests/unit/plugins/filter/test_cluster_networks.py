"""The cluster_networks filter: what a machine's databases admit from an existing cluster, and where they listen."""
import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.dataeng.airflow_lab.plugins.filter.cluster_networks import FilterModule

cluster_networks = FilterModule().filters()["cluster_networks"]


def node(address, *pods, hostname="n"):
    spec = {"podCIDR": pods[0], "podCIDRs": list(pods)} if pods else {}
    return {"metadata": {"name": hostname}, "spec": spec,
            "status": {"addresses": [{"type": "Hostname", "address": hostname}, {"type": "InternalIP", "address": address},
                                     {"type": "InternalIP", "address": "fd00::1"}]}}


FACTS = {"interfaces": ["lo", "eth0", "br-lab"], "default_ipv4": {"address": "192.0.2.7"},
         "lo": {"ipv4": {"address": "127.0.0.1", "prefix": "8"}},
         "eth0": {"ipv4": {"address": "192.0.2.7", "netmask": "255.255.255.0"}},
         "br_lab": {"ipv4": {"address": "10.20.0.5", "prefix": "24"}}}


def test_nodes_pods_and_the_address_on_the_nodes_network():
    got = cluster_networks([node("10.20.0.12", "10.244.1.0/24", "fd01::/64"), node("10.20.0.11", "10.244.0.0/24")], FACTS)
    assert got == {"nodes": ["10.20.0.11/32", "10.20.0.12/32"], "pods": ["10.244.0.0/24", "10.244.1.0/24"],
                   "networks": ["10.20.0.11/32", "10.20.0.12/32", "10.244.0.0/24", "10.244.1.0/24"],
                   "host_address": "10.20.0.5"}


def test_nodes_behind_a_router_listen_on_the_default_address():
    got = cluster_networks([node("198.51.100.4")], FACTS)
    assert got["host_address"] == "192.0.2.7" and got["networks"] == ["198.51.100.4/32"] and got["pods"] == []


def test_no_nodes_admit_nothing():
    assert cluster_networks([], {"interfaces": []}) == {"nodes": [], "pods": [], "networks": [], "host_address": ""}


def test_wrong_input_is_refused():
    with pytest.raises(AnsibleFilterError):
        cluster_networks({"resources": []}, FACTS)
