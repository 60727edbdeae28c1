# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dataeng lab maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: cluster_networks
author: dataeng lab maintainers (@dataeng)
short_description: What a machine's databases admit from an existing cluster, and where they listen
version_added: 0.2.0
description:
  - From a cluster's Nodes (kubernetes.core.k8s_info) and a machine's facts, the networks that the cluster's pods
    connect from (each node's internal address, as nodes masquerade their pods' traffic to outside addresses, and
    each node's pod networks, for clusters that route them) and the machine's own address on the network of the
    nodes, where PostgreSQL and Redis listen for them.
  - The machine's address is the one of its interfaces whose network holds a node's internal address; failing that
    (the nodes are reached through a router), its default IPv4 address.
options:
  _input:
    description: The Nodes, the resources of kubernetes.core.k8s_info with kind Node.
    type: list
    elements: dict
    required: true
  facts:
    description: The machine's ansible_facts (its interfaces and default IPv4 address).
    type: dict
    required: true
"""

EXAMPLES = r"""
- name: Keep the cluster's networks
  ansible.builtin.set_fact:
    lab_cluster_networks: "{{ __nodes.resources | dataeng.airflow_lab.cluster_networks(ansible_facts) }}"
"""

RETURN = r"""
_value:
  description: The nodes' addresses, their pod networks, both as one sorted list of networks, and the machine's address.
  type: dict
  sample: {"nodes": ["10.20.0.11/32", "10.20.0.12/32"], "pods": ["10.244.0.0/24", "10.244.1.0/24"],
           "networks": ["10.20.0.11/32", "10.20.0.12/32", "10.244.0.0/24", "10.244.1.0/24"], "host_address": "10.20.0.5"}
"""

import ipaddress

from ansible.errors import AnsibleFilterError


def _node_addresses(node):
    return [a.get("address") for a in (node.get("status") or {}).get("addresses") or [] if a.get("type") == "InternalIP"]


def _interfaces(facts):
    """The machine's IPv4 interfaces, as ipaddress interfaces (address with its network)."""
    found = []
    for name in facts.get("interfaces") or []:
        ipv4 = (facts.get(name.replace("-", "_")) or {}).get("ipv4") or {}
        if ipv4.get("address") and (ipv4.get("prefix") or ipv4.get("netmask")):
            found.append(ipaddress.ip_interface(u"{0}/{1}".format(ipv4["address"], ipv4.get("prefix") or ipv4["netmask"])))
    return found


def cluster_networks(nodes, facts):
    if not isinstance(nodes, list) or not isinstance(facts, dict):
        raise AnsibleFilterError("cluster_networks takes the Nodes (a list) and the machine's facts (a dict)")
    node_ips, pods = [], []
    for node in nodes:
        for address in _node_addresses(node):
            try:
                ip = ipaddress.ip_address(u"{0}".format(address))
            except ValueError:
                continue
            if ip.version == 4:
                node_ips.append(ip)
        spec = node.get("spec") or {}
        for cidr in (spec.get("podCIDRs") or []) + ([spec["podCIDR"]] if spec.get("podCIDR") else []):
            network = ipaddress.ip_network(u"{0}".format(cidr), strict=False)
            if network.version == 4:
                pods.append(network)
    host = next((str(i.ip) for i in _interfaces(facts) if any(ip in i.network for ip in node_ips)), "")
    host = host or (facts.get("default_ipv4") or {}).get("address") or ""
    node_networks = sorted({ipaddress.ip_network(u"{0}/32".format(ip)) for ip in node_ips})
    pod_networks = sorted(set(pods))
    return {"nodes": [str(n) for n in node_networks], "pods": [str(n) for n in pod_networks],
            "networks": [str(n) for n in sorted(set(node_networks) | set(pod_networks))], "host_address": host}


class FilterModule(object):
    def filters(self):
        return {"cluster_networks": cluster_networks}
