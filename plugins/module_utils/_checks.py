# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dataeng lab maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checks of user inputs whose rules belong to another program (pg_hba.conf, Airflow pools, Kubernetes names).

Each check returns a list of messages, empty when the value is fine. A message names the variable, the
item (by its index, from 0) and the accepted forms, so a user can fix the value without reading the code.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress
import posixpath
import re

# pg_hba.conf (PostgreSQL 15-17 docs, "The pg_hba.conf File").
HBA_CONTYPES = ("local", "host", "hostssl", "hostnossl", "hostgssenc", "hostnogssenc")
HBA_METHODS = ("trust", "reject", "scram-sha-256", "md5", "password", "gss", "sspi", "ident", "peer", "pam",
               "ldap", "radius", "cert")
HBA_SOURCE_KEYWORDS = ("all", "samehost", "samenet")
HBA_SOURCE_FORMS = ("a network in CIDR form (192.168.49.0/24, fd00::/64), an address with its prefix (10.1.2.3/32), "
                    "a host name (pc1.lab.example) or a domain suffix (.lab.example), or all, samehost, samenet")
_HOST_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")


def hba_source_problem(source):
    """Why `source` is not a pg_hba address field ('' when it is one)."""
    if not isinstance(source, str) or not source:
        return "no source (a remote rule needs one)"
    if source in HBA_SOURCE_KEYWORDS:
        return ""
    if "/" in source:
        address, prefix = source.split("/", 1)
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return "{0!r} is not an address with a prefix length".format(source)
        if not prefix.isdigit() or int(prefix) > ip.max_prefixlen:
            return "{0!r} has an impossible prefix length (0-{1} for IPv{2})".format(source, ip.max_prefixlen, ip.version)
        return ""
    try:
        ipaddress.ip_address(source)
        return "{0!r} is an address without a prefix length (add /32, or /128 for IPv6)".format(source)
    except ValueError:
        pass
    name = source[1:] if source.startswith(".") else source
    labels = name.rstrip(".").split(".")
    if len(name) <= 253 and all(_HOST_LABEL.match(label) for label in labels) and not labels[-1].isdigit():
        return ""
    return "{0!r} is neither a network, an address, a host name nor a keyword".format(source)


def _as_list(value):
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, str):
        return [part.strip() for part in value.split(",")]
    return [value]


def hba_rule_problems(rules, variable="postgresql_hba_extra_rules"):
    """Messages for each rule of `rules` (community.postgresql.postgresql_pg_hba's rules form)."""
    if not isinstance(rules, (list, tuple)):
        return ["{0} must be a list of rules, got {1}".format(variable, type(rules).__name__)]
    problems = []
    for index, rule in enumerate(rules):
        where = "{0}[{1}]".format(variable, index)
        if not isinstance(rule, dict):
            problems.append("{0} must be a dict (contype, databases, users, source, method), got {1!r}".format(where, rule))
            continue
        contype = rule.get("contype", "host")
        if contype not in HBA_CONTYPES:
            problems.append("{0}.contype {1!r} is not one of {2}".format(where, contype, ", ".join(HBA_CONTYPES)))
        for key in ("databases", "users"):
            if not rule.get(key) or not all(isinstance(v, str) and v for v in _as_list(rule.get(key))):
                problems.append("{0}.{1} must name at least one {2} (or all)".format(where, key, key[:-1]))
        method = rule.get("method", "md5")
        if method not in HBA_METHODS:
            problems.append("{0}.method {1!r} is not one of {2}".format(where, method, ", ".join(HBA_METHODS)))
        if contype != "local" and contype in HBA_CONTYPES:
            reason = hba_source_problem(rule.get("source"))
            if reason:
                problems.append("{0}.source: {1}; use {2}".format(where, reason, HBA_SOURCE_FORMS))
    return problems


def pool_problems(pools, variable="airflow_pools"):
    """Messages for each pool of `pools` ({name, slots, description}); Airflow reads slots -1 as unlimited."""
    if not isinstance(pools, (list, tuple)):
        return ["{0} must be a list of pools, got {1}".format(variable, type(pools).__name__)]
    problems = []
    seen = set()
    for index, pool in enumerate(pools):
        where = "{0}[{1}]".format(variable, index)
        if not isinstance(pool, dict):
            problems.append("{0} must be a dict (name, slots, description), got {1!r}".format(where, pool))
            continue
        name = pool.get("name")
        if not isinstance(name, str) or not name.strip() or len(name) > 256:
            problems.append("{0}.name must be a non-empty name of at most 256 characters, got {1!r}".format(where, name))
        elif name in seen:
            problems.append("{0}.name {1!r} is given twice".format(where, name))
        else:
            seen.add(name)
        slots = pool.get("slots")
        if isinstance(slots, bool) or not isinstance(slots, int) and not (isinstance(slots, str) and re.match(r"^-?\d+$", slots)):
            problems.append("{0}.slots must be a whole number (-1 for unlimited), got {1!r}".format(where, slots))
        elif int(slots) < -1:
            problems.append("{0}.slots must be 0 or more, or -1 for unlimited (Airflow's rule), got {1}".format(where, slots))
    return problems


_DNS_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")


def volume_item_problems(items, variable="volumes_items"):
    """Messages for each {volume, claim, path} of `items`: Kubernetes names, unique, and an absolute node folder."""
    if not isinstance(items, (list, tuple)):
        return ["{0} must be a list of {{volume, claim, path}}, got {1}".format(variable, type(items).__name__)]
    problems = []
    seen = {"volume": set(), "claim": set()}
    for index, item in enumerate(items):
        where = "{0}[{1}]".format(variable, index)
        if not isinstance(item, dict):
            problems.append("{0} must be a dict (volume, claim, path), got {1!r}".format(where, item))
            continue
        for key in ("volume", "claim"):
            name = item.get(key)
            if not isinstance(name, str) or not _DNS_SUBDOMAIN.match(name):
                problems.append("{0}.{1} must be a Kubernetes name (lower-case letters, digits, - and .), got {2!r}".format(
                    where, key, name))
            elif name in seen[key]:
                problems.append("{0}.{1} {2!r} is used by another item: each needs its own".format(where, key, name))
            else:
                seen[key].add(name)
        path = item.get("path")
        if not isinstance(path, str) or not path.startswith("/"):
            problems.append("{0}.path must be an absolute folder inside the node (such as /data/dags), got {1!r}".format(
                where, path))
    return problems


def bind_mount_problems(value, variable="minikube_mounts"):
    """Messages for the mounts that one bind mount cannot give. `value` is {folder, mounts}: minikube's docker
    driver bind-mounts a single host folder (`folder`, the lab folder) into the node, so every mount must be
    <folder>/<name> at <one node folder>/<name>."""
    folder = str(value.get("folder", "")).rstrip("/")
    mounts = value.get("mounts")
    if not isinstance(mounts, (list, tuple)):
        return ["{0} must be a list of {{src, dest}}, got {1}".format(variable, type(mounts).__name__)]
    parents = sorted(set(posixpath.dirname(str(m.get("dest", "")).rstrip("/")) for m in mounts if isinstance(m, dict)))
    problems = []
    if ":" in folder:
        problems.append("{0}: with minikube_mount_method bind the lab folder {1!r} must not contain ':' (minikube "
                        "reads --mount-string as HOST:NODE); choose another lab_dir, or use minikube_mount_method "
                        "9p".format(variable, folder))
    if len(parents) > 1:
        problems.append("{0}: with minikube_mount_method bind every dest must be in one node folder (minikube "
                        "bind-mounts the lab folder once), got {1}; use minikube_mount_method 9p for other "
                        "layouts".format(variable, ", ".join(parents)))
    for index, mount in enumerate(mounts):
        if not isinstance(mount, dict):
            problems.append("{0}[{1}] must be a dict (src, dest), got {2!r}".format(variable, index, mount))
            continue
        src, dest = str(mount.get("src", "")).rstrip("/"), str(mount.get("dest", "")).rstrip("/")
        if posixpath.dirname(dest) in ("", "/") or src != "{0}/{1}".format(folder, posixpath.basename(dest)):
            problems.append("{0}[{1}]: with minikube_mount_method bind, src must be {2}/<name> and dest <node "
                            "folder>/<name> with the same name (got {3} -> {4}); use minikube_mount_method 9p for "
                            "other layouts".format(variable, index, folder, src, dest))
    return problems


CHECKS = {"hba_rules": hba_rule_problems, "pools": pool_problems, "volume_items": volume_item_problems,
          "bind_mounts": bind_mount_problems}


def collect_problems(problems):
    """The problems a check found, from the list a role writes: one message per item that is not empty, nested
    lists (what input_problems returns) flattened, each message once, in order."""
    found = []

    def add(item):
        if isinstance(item, (list, tuple)):
            for sub in item:
                add(sub)
        elif item is not None and not isinstance(item, bool) and str(item).strip():
            message = str(item).strip()
            if message not in found:
                found.append(message)
        elif isinstance(item, bool) and item:
            raise ValueError("a problem must be a message, not true: write the condition's message instead")

    add(problems)
    return found


def problems_message(subject, found):
    """The one failure message of a check: the subject, then each problem on its own line."""
    return "{0}: {1} problem(s):\n- {2}".format(subject, len(found), "\n- ".join(found))
