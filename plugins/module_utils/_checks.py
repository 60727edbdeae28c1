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


# A proxy URL goes, as written, into apt.conf ("..."), systemd's Environment= and ExecStart=, Docker's and
# minikube's --docker-env, and the pods' environment: only the characters a URL may hold unencoded
# (RFC 3986), so a user name or password must be percent-encoded (p@ss -> p%40ss).
_URL_CHARS = re.compile(r"^[A-Za-z0-9._~:/?#\[\]@!$&'()*+,;=%-]*$")
_NO_PROXY_ENTRY = re.compile(r"^[A-Za-z0-9._*:\[\]/-]+$")


def proxy_url_problem(url):
    """Why `url` is not a proxy URL http(s)://[user[:password]@]host[:port][/] ('' when it is one)."""
    if not isinstance(url, str):
        return "must be a string, got {0}".format(type(url).__name__)
    if not _URL_CHARS.match(url):
        return ("holds a character a URL cannot carry unencoded (a space, a quote, a backslash or a non-ASCII "
                "letter): percent-encode the user and the password (p@ss -> p%40ss)")
    match = re.match(r"^(https?)://(?:([^/]*)@)?([^@/]*?)(?::([0-9]*))?/?$", url)
    if not match:
        return "must be http://host:port or https://host:port, with user:password@ before the host if the proxy asks"
    userinfo, host, port = match.group(2), match.group(3), match.group(4)
    if userinfo is not None and re.search(r"%(?![0-9A-Fa-f]{2})", userinfo):
        return "has a % that does not start a percent-encoded byte (%25 is a literal %)"
    if userinfo is not None and "@" in userinfo:
        return "has an unencoded @ in its user or password (write %40)"
    if userinfo is not None and re.search(r"%(0[9ADad]|20)", userinfo):
        return ("has a user or password with a space, a tab or a line break once decoded (%20, %09, %0A, %0D): apt keeps "
                "the proxy's credentials in auth.conf, whose entries whitespace separates")
    if not host or not (re.match(r"^\[[0-9A-Fa-f:.]+\]$", host) or all(_HOST_LABEL.match(p) for p in host.split("."))):
        return "has no valid host name or address"
    if port is not None and (not port or not 0 < int(port) < 65536):
        return "has a port that is not 1 to 65535"
    return ""


def proxy_problems(value, variable="lab_proxy"):
    """Messages for a {http, https, no_proxy} proxy setting. A `variable` with "{key}" names each part on its own
    (docker_{key}_proxy: docker_http_proxy, docker_https_proxy, docker_no_proxy); else variable.http, ..."""
    def name(key):
        return variable.format(key=key.replace("_proxy", "")) if "{key}" in variable else variable + "." + key

    if not isinstance(value, dict):
        return ["{0} must be a dict with http, https and no_proxy, got {1}".format(variable, type(value).__name__)]
    problems = ["{0} has an unknown key {1!r} (known: http, https, no_proxy)".format(variable, key)
                for key in sorted(set(value) - {"http", "https", "no_proxy"}, key=str)]
    for key in ("http", "https"):
        url = value.get(key) or ""
        why = proxy_url_problem(url) if url else ""
        if why:
            problems.append("{0} {1}; got a value of {2} characters".format(name(key), why, len(str(url))))
    no_proxy = value.get("no_proxy") or ""
    if not isinstance(no_proxy, str):
        problems.append("{0} must be a comma-separated string of hosts, domains (.example.org), addresses "
                        "and networks (10.0.0.0/8)".format(name("no_proxy")))
    else:
        bad = [entry for entry in no_proxy.split(",") if entry.strip() and not _NO_PROXY_ENTRY.match(entry.strip())]
        if bad:
            problems.append("{0}: {1} not a host, a domain (.example.org), an address or a network "
                            "(10.0.0.0/8): {2}".format(name("no_proxy"), "is" if len(bad) == 1 else "are",
                                                       ", ".join(repr(b) for b in bad)))
    return problems


def path_inside(inner, outer):
    """Whether `inner` is `outer` or lies inside it (both normalized absolute paths); state_probe reads homes with it."""
    return inner == outer or inner.startswith(outer.rstrip("/") + "/")


def lab_folder_problems(value, variable="lab_dir"):
    """Messages for a lab folder that must not be used: the folder is bind-mounted into the cluster's node, shared with
    the pods, and teardown's purge removes the lab's folders in it. `value` is {folder, names, controller, found}:
    `names` the folders the lab keeps in it (dags, logs, ...); `controller` the controller's project and virtualenv
    when the lab is built on the controller itself (else empty); `found` what state_probe's `folders` read on the host
    (absent: only the checks that need no host)."""
    folder = value.get("folder")
    if not isinstance(folder, str) or not folder.startswith("/"):
        return ["{0} must be an absolute path, got {1!r}".format(variable, folder)]
    if folder == "/":
        return ["{0} must not be / (the lab bind-mounts its folder into the cluster and purges it); use a folder of "
                "its own such as /home/<lab user>/airflow-lab-data".format(variable)]
    if posixpath.normpath(folder) != folder or folder.startswith("//"):
        return ["{0} must be a plain absolute path (no trailing /, //, . or ..), got {1!r}: write {2!r}".format(
            variable, folder, posixpath.normpath(folder))]
    problems = []
    for path in value.get("controller") or []:
        path = posixpath.normpath(str(path))
        if path_inside(folder, path) or path_inside(path, folder):
            problems.append("{0} {1!r} is, holds or lies inside the controller's project or virtualenv {2!r}: the "
                            "lab's folder must be a folder of its own, away from the checkout (purge would remove "
                            "what the lab keeps in it)".format(variable, folder, path))
    found = value.get("found")
    if not isinstance(found, dict):
        return problems
    if found.get("link"):
        problems.append("{0} {1!r} is a symbolic link: root writes in the lab folder, and must not follow a link that "
                        "its owner can point anywhere; give the folder's real path".format(variable, folder))
    names = set(value.get("names") or [])
    checkouts = [str(path) for path in found.get("checkouts") or []]
    checkouts += ["{0}/{1}".format(folder, name) for name in found.get("nested_checkouts") or [] if name not in names]
    if checkouts:
        problems.append("{0} {1!r} is, holds or lies inside a git checkout ({2}): keep the lab's folder apart from "
                        "any checkout, this project's included (the lab bind-mounts it into the cluster, and purge "
                        "removes what the lab keeps in it); for example lab_dir: /home/<lab user>/airflow-lab-data"
                        .format(variable, folder, ", ".join(sorted(checkouts))))
    homes = [str(home) for home in found.get("homes") or []]
    if homes:
        problems.append("{0} {1!r} is, or holds, a home folder ({2}): the lab shares its folder with every pod of the "
                        "cluster, and a home holds what the lab must not share; use a folder of its own, such as "
                        "/home/<lab user>/airflow-lab-data".format(variable, folder, ", ".join(sorted(homes))))
    return problems


# PostgreSQL's names, as the lab writes them unquoted into SQL and pg_hba.conf: an identifier that needs no quotes
# (lower-case, as PostgreSQL folds unquoted names; at most NAMEDATALEN - 1 = 63 bytes), not a pg_hba.conf keyword,
# and for a role not PUBLIC or pg_*, which PostgreSQL reserves.
_PG_NAME = re.compile(r"^[a-z_][a-z0-9_$]{0,62}$")
_PG_HBA_KEYWORDS = ("all", "sameuser", "samerole", "samegroup", "replication")


def pg_name_problem(name, role=False):
    """Why `name` cannot be a database (or, with role, a user) name of the lab ('' when it can)."""
    if not isinstance(name, str) or not name:
        return "must be a name, got {0!r}".format(name)
    if not _PG_NAME.match(name):
        return ("must be 1 to 63 lower-case letters, digits, _ or $, starting with a letter or _ (PostgreSQL folds "
                "unquoted names to lower case and cuts them at 63 bytes), got {0!r}".format(name))
    if name in _PG_HBA_KEYWORDS:
        return "must not be {0!r}, a keyword of pg_hba.conf".format(name)
    if role and (name == "public" or name.startswith("pg_")):
        return "must not be public or start with pg_ (PostgreSQL reserves them for its own roles), got {0!r}".format(name)
    return ""


def pg_name_problems(value, variable=None):
    """Messages for the lab's PostgreSQL names: `value` maps postgresql_airflow_database and postgresql_airflow_user to a
    name, and postgresql_extra_databases and postgresql_extra_users to their lists of {name, ...}."""
    problems = []
    for key in sorted(value):
        role = key.endswith("_user") or key.endswith("_users")
        items = value[key]
        if isinstance(items, (list, tuple)):
            named = [("{0}[{1}].name".format(key, index), item.get("name") if isinstance(item, dict) else item)
                     for index, item in enumerate(items)]
        else:
            named = [(key, items)]
        for where, name in named:
            why = pg_name_problem(name, role)
            if why:
                problems.append("{0} {1}".format(where, why))
    return problems


def listen_address_problems(addresses, variable="redis_bind"):
    """Messages for the addresses a server listens on (Redis's bind): IPv4 or IPv6 addresses, * or ::* for all of one
    family, each optionally after - (Redis: skip it when the address is not there)."""
    if not isinstance(addresses, (list, tuple)) or not addresses:
        return ["{0} must be a list of one or more addresses, got {1!r}".format(variable, addresses)]
    problems = []
    for index, address in enumerate(addresses):
        text = str(address)
        plain = text[1:] if text.startswith("-") else text
        if plain in ("*", "::*"):
            continue
        try:
            ipaddress.ip_address(plain)
        except ValueError:
            problems.append("{0}[{1}] must be an IPv4 or IPv6 address (or * / ::* for all, - before one that may be "
                            "missing), got {2!r}".format(variable, index, text))
    return problems


CHECKS = {"hba_rules": hba_rule_problems, "pools": pool_problems, "volume_items": volume_item_problems,
          "bind_mounts": bind_mount_problems, "proxy": proxy_problems,
          "lab_folder": lab_folder_problems, "pg_names": pg_name_problems,
          "listen_addresses": listen_address_problems}


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


# The host fact under which check_inputs keeps what it found with collect (the settings play lists it all at once).
COLLECTED = "__lab_input_problems"


def collected_lines(subject, found):
    """The problems of one check as the settings play lists them among every role's: each after its subject."""
    return ["{0}: {1}".format(subject, problem) for problem in found]


def problems_message(subject, found):
    """The one failure message of a check: the subject, then each problem on its own line."""
    return "{0}: {1} problem(s):\n- {2}".format(subject, len(found), "\n- ".join(found))
