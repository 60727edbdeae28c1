#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dataeng lab maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: state_probe
short_description: Read in one run what a host has, and say where it differs from the wanted state
version_added: 0.2.0
author: dataeng lab maintainers (@dataeng)
description:
  - Every task that reaches a host costs a module run (about half a second over a docker or SSH connection),
    even when it finds nothing to do. This module reads, in a single run, the files, systemd units, kernel
    settings and accounts a role manages, compares them with the wanted state and lists what differs, so the
    role runs only the tasks that have something to do.
  - It never changes the host. A difference is reported whenever the host is not provably in the wanted state,
    so a task guarded by it may run for nothing (and report ok) but never skips work that was needed. Only
    C(enabled) counts as enabled, a file is compared by its SHA-1 checksum, owner, group and mode.
  - It also gathers what the preflight role needs, namely accounts (as C(ansible.builtin.getent) gives them), the
    installed packages (as C(ansible.builtin.package_facts) gives them, read from dpkg's status file, so
    python3-apt is not needed), whether a dpkg run was interrupted (C(dpkg --audit)) and free disk space.
extends_documentation_fragment:
  - dataeng.airflow_lab.attributes
attributes:
  check_mode:
    support: full
    details: The module only reads; it runs the same in check mode.
  diff_mode:
    support: full
    details: The differences found are returned as the diff (the host's state before, the wanted state after).
options:
  files:
    description: Files and folders and how they should be.
    type: list
    elements: dict
    default: []
    suboptions:
      path:
        description: The path on the host.
        type: path
        required: true
      state:
        description: What the path should be.
        type: str
        choices: [file, directory, absent]
        default: file
      checksum:
        description: SHA-1 of the wanted content, for example V({{ content | hash('sha1') }}).
        type: str
      line:
        description: A line the file must hold; every line matching O(files[].regexp) must be exactly this one.
        type: str
      regexp:
        description: The lines O(files[].line) stands for. Required with O(files[].line).
        type: str
      owner:
        description: Owner's name.
        type: str
      group:
        description: Group's name.
        type: str
      mode:
        description: Permissions as an octal string, for example V('0640').
        type: raw
  units:
    description: systemd units and how they should be.
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description: The unit, for example V(docker) or V(postgresql@15-main.service).
        type: str
        required: true
      active:
        description: V(true) for running, V(false) for stopped, unset for either.
        type: bool
      enabled:
        description: V(true) for started at boot, V(false) for not, unset for either.
        type: bool
  sysctl:
    description: Kernel settings, now and in the file that keeps them across reboots.
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description: The setting, for example V(net.ipv4.ip_nonlocal_bind).
        type: str
        required: true
      value:
        description: Its wanted value.
        type: str
        required: true
      file:
        description: The sysctl.d file that must set it.
        type: path
  users:
    description: Accounts and how they should be.
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description: The account.
        type: str
        required: true
      group:
        description: Its primary group.
        type: str
      groups:
        description: Groups it must be a member of (others do not count as a difference).
        type: list
        elements: str
        default: []
      home:
        description: Its home folder.
        type: path
      shell:
        description: Its shell.
        type: path
  groups:
    description: Groups that must exist.
    type: list
    elements: str
    default: []
  accounts:
    description: Accounts to look up; those that exist are returned in RV(ansible_facts.getent_passwd).
    type: list
    elements: str
    default: []
  packages:
    description: Return the installed packages in RV(ansible_facts.packages) and say whether a dpkg run was interrupted.
    type: bool
    default: false
  space:
    description: Paths whose free disk space to measure.
    type: list
    elements: path
    default: []
  folders:
    description:
      - Folders to look at before the lab uses one as its own (the lab folder), returned in RV(folders). For each, whether
        it exists and is a symbolic link, which git checkouts it is or lies inside (a C(.git) in it or in a folder above
        it), which of its entries are checkouts, and which accounts' home folders it is or holds. Each path is taken
        literally (no C(~) or variable expansion).
    type: list
    elements: str
    default: []
notes:
  - Reads systemd through C(systemctl show), dpkg through its status file and C(dpkg --audit).
seealso:
  - module: ansible.builtin.package_facts
  - module: ansible.builtin.getent
"""

EXAMPLES = r"""
- name: Find what differs from the wanted Redis setup
  dataeng.airflow_lab.state_probe:
    files:
      - path: /etc/redis/redis.conf
        checksum: "{{ redis_conf | hash('sha1') }}"
        owner: root
        group: redis
        mode: "0640"
      - path: /etc/redis
        state: directory
        mode: "0750"
    units:
      - name: redis
        active: true
        enabled: true
    sysctl:
      - name: net.ipv4.ip_nonlocal_bind
        value: "1"
        file: /etc/sysctl.d/60-airflow-lab-nonlocal-bind.conf
    users:
      - name: redis
        group: redis
        shell: /usr/sbin/nologin
  register: probe

- name: Write redis.conf only when it differs
  ansible.builtin.copy:
    content: "{{ redis_conf }}"
    dest: /etc/redis/redis.conf
    owner: root
    group: redis
    mode: "0640"
  when: "'/etc/redis/redis.conf' in probe.differs.files"

- name: Read the host's packages, accounts and free space
  dataeng.airflow_lab.state_probe:
    accounts: [student]
    packages: true
    space: [/var/lib/docker]
  register: host
"""

RETURN = r"""
differs:
  description: What differs from the wanted state, by kind; an item is named as it was given.
  returned: always
  type: dict
  contains:
    files:
      description: Paths that differ.
      type: list
      elements: str
    units:
      description: Units that differ.
      type: list
      elements: str
    sysctl:
      description: Settings that differ.
      type: list
      elements: str
    users:
      description: Accounts that differ.
      type: list
      elements: str
    groups:
      description: Groups that are missing.
      type: list
      elements: str
  sample: {"files": ["/etc/redis/redis.conf"], "units": [], "sysctl": [], "users": [], "groups": []}
in_state:
  description: Whether nothing differs.
  returned: always
  type: bool
reasons:
  description: One line per difference, saying what the host has.
  returned: always
  type: list
  elements: str
  sample: ["/etc/redis/redis.conf: mode is 0644, should be 0640", "redis.service: inactive, should be active"]
dpkg_interrupted:
  description: Whether dpkg reports half-installed or half-configured packages (C(dpkg --audit)).
  returned: when O(packages=true)
  type: bool
space:
  description: Free space by asked path, with the mount point holding it; a missing path has C(exists=false).
  returned: always
  type: dict
  sample: {"/var/lib/docker": {"exists": true, "free_bytes": 53687091200, "mount": "/var/lib/docker"}}
folders:
  description: What each of O(folders) is, by the path as given; paths are normalized.
  returned: always
  type: dict
  sample:
    /home/student/airflow-lab-data: {"exists": true, "link": false, "checkouts": [], "nested_checkouts": ["dags"],
                                     "homes": []}
ansible_facts:
  description: Facts for the roles that follow.
  returned: when O(accounts) or O(packages) are given
  type: dict
  contains:
    getent_passwd:
      description: The asked accounts that exist, as C(ansible.builtin.getent) returns them.
      type: dict
      sample: {"student": ["x", "1000", "1000", "", "/home/student", "/bin/bash"]}
    packages:
      description: The installed packages (not given after an interrupted dpkg run, when half-installed ones would count).
      type: dict
      sample: {"redis-tools": [{"name": "redis-tools", "version": "5:7.0.15-1", "arch": "amd64", "source": "apt"}]}
"""

import grp
import hashlib
import os
import pwd
import stat

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.dataeng.airflow_lab.plugins.module_utils._checks import path_inside
from ansible_collections.dataeng.airflow_lab.plugins.module_utils._state_probe import (
    ProbeError,
    diff_text,
    file_differences,
    normalize_mode,
    parse_dpkg_status,
    parse_sysctl_file,
    parse_systemctl_show,
    sysctl_differences,
    unit_differences,
    unit_key,
    user_differences,
)

_KINDS = ("files", "units", "sysctl", "users", "groups")


def _name(getter, ident):
    try:
        return getter(ident)[0]
    except KeyError:
        return str(ident)


def _observe_file(path, want_text):
    try:
        info = os.lstat(path)
    except OSError:
        return {"exists": False}
    kind = "directory" if stat.S_ISDIR(info.st_mode) else "file" if stat.S_ISREG(info.st_mode) else "other"
    observed = {
        "exists": True,
        "type": kind,
        "owner": _name(pwd.getpwuid, info.st_uid),
        "group": _name(grp.getgrgid, info.st_gid),
        "mode": stat.S_IMODE(info.st_mode),
    }
    if kind == "file":
        digest = hashlib.sha1()
        with open(path, "rb") as handle:
            if want_text:
                data = handle.read()
                digest.update(data)
                observed["text"] = data.decode("utf-8", "replace")
            else:
                for chunk in iter(lambda: handle.read(65536), b""):
                    digest.update(chunk)
        observed["sha1"] = digest.hexdigest()
    return observed


def _read(path):
    try:
        with open(path, "rb") as handle:
            return handle.read().decode("utf-8", "replace")
    except (IOError, OSError):
        return None


def _space(path):
    probe = os.path.abspath(path)
    if not os.path.exists(probe):
        return {"exists": False, "free_bytes": None, "mount": None}
    info = os.statvfs(probe)
    mount = os.path.realpath(probe)
    while not os.path.ismount(mount):
        mount = os.path.dirname(mount)
    return {"exists": True, "free_bytes": info.f_bavail * info.f_frsize, "mount": mount}


def _observe_folder(path, homes):
    """What the lab must know of a folder before it takes it: it never reads the folders' content, only names."""
    path = os.path.normpath(path)
    found = {"exists": os.path.lexists(path), "link": os.path.islink(path), "checkouts": [], "nested_checkouts": [],
             "homes": []}
    above = path
    while True:
        if os.path.lexists(os.path.join(above, ".git")):
            found["checkouts"].append(above)
        if above == "/":
            break
        above = os.path.dirname(above)
    if found["exists"] and not found["link"] and os.path.isdir(path):
        try:
            entries = sorted(os.listdir(path))
        except OSError:
            entries = []
        found["nested_checkouts"] = [name for name in entries if os.path.lexists(os.path.join(path, name, ".git"))]
    found["homes"] = sorted(set(home for home in homes if path_inside(home, path)))
    return found


def _homes():
    """The accounts' home folders that exist (not / nor the placeholders of system accounts)."""
    homes = set()
    for entry in pwd.getpwall():
        home = os.path.normpath(entry.pw_dir or "/")
        if home != "/" and os.path.isdir(home):
            homes.add(home)
    return homes


def probe(module):
    params = module.params
    differs = dict((kind, []) for kind in _KINDS)
    reasons = []

    def note(kind, ident, found):
        if found:
            differs[kind].append(ident)
            reasons.extend(found)

    for wanted in params["files"]:
        wanted = dict(wanted, mode=normalize_mode(wanted["mode"], wanted["path"]))
        if wanted.get("line") is not None and not wanted.get("regexp"):
            raise ProbeError("{0}: line needs regexp, the lines it stands for".format(wanted["path"]))
        note("files", wanted["path"], file_differences(wanted, _observe_file(wanted["path"], wanted.get("line") is not None)))

    if params["units"]:
        systemctl = module.get_bin_path("systemctl")
        if not systemctl:
            raise ProbeError("units were asked for but systemctl is not on this host: state_probe reads units from systemd")
        names = [unit_key(unit["name"]) for unit in params["units"]]
        rc, out, err = module.run_command(
            [systemctl, "show", "-p", "Id,LoadState,ActiveState,UnitFileState,NeedDaemonReload", "--"] + names
        )
        shown = parse_systemctl_show(out) if rc == 0 else {}
        for unit, key in zip(params["units"], names):
            note("units", unit["name"], unit_differences(unit, shown.get(key)))

    for wanted in params["sysctl"]:
        current = _read("/proc/sys/" + wanted["name"].replace(".", "/"))
        file_values = parse_sysctl_file(_read(wanted["file"]) or "") if wanted.get("file") else {}
        note("sysctl", wanted["name"], sysctl_differences(wanted, current.strip() if current is not None else None, file_values))

    all_groups = grp.getgrall() if params["users"] else []
    for wanted in params["users"]:
        try:
            entry = pwd.getpwnam(wanted["name"])
        except KeyError:
            entry = None
        primary = _name(grp.getgrgid, entry.pw_gid) if entry else None
        member_of = [group.gr_name for group in all_groups if wanted["name"] in group.gr_mem]
        note("users", wanted["name"], user_differences(wanted, tuple(entry) if entry else None, primary, member_of))

    for group in params["groups"]:
        try:
            grp.getgrnam(group)
        except KeyError:
            note("groups", group, ["{0}: no such group".format(group)])

    result = {
        "changed": False,
        "differs": differs,
        "in_state": not reasons,
        "reasons": reasons,
        "space": dict((path, _space(path)) for path in params["space"]),
        "folders": {},
    }
    if params["folders"]:
        homes = _homes()
        result["folders"] = dict((path, _observe_folder(path, homes)) for path in params["folders"])
    facts = {}
    if params["accounts"]:
        facts["getent_passwd"] = {}
        for account in params["accounts"]:
            try:
                entry = pwd.getpwnam(account)
            except KeyError:
                continue
            facts["getent_passwd"][account] = [entry.pw_passwd, str(entry.pw_uid), str(entry.pw_gid), entry.pw_gecos, entry.pw_dir, entry.pw_shell]
    if params["packages"]:
        dpkg = module.get_bin_path("dpkg")
        rc, out, err = module.run_command([dpkg, "--audit"]) if dpkg else (0, "", "")
        result["dpkg_interrupted"] = rc != 0 or bool(out.strip())
        if not result["dpkg_interrupted"]:
            facts["packages"] = parse_dpkg_status(_read("/var/lib/dpkg/status") or "")
    if facts:
        result["ansible_facts"] = facts
    if module._diff and reasons:
        result["diff"] = diff_text(reasons)
    return result


def _items(**options):
    """A list option whose elements are dicts with these suboptions."""
    return dict(type="list", elements="dict", default=[], options=options)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            files=_items(
                path=dict(type="path", required=True),
                state=dict(type="str", choices=["file", "directory", "absent"], default="file"),
                checksum=dict(type="str"),
                line=dict(type="str"),
                regexp=dict(type="str"),
                owner=dict(type="str"),
                group=dict(type="str"),
                mode=dict(type="raw"),
            ),
            units=_items(name=dict(type="str", required=True), active=dict(type="bool"), enabled=dict(type="bool")),
            sysctl=_items(name=dict(type="str", required=True), value=dict(type="str", required=True), file=dict(type="path")),
            users=_items(
                name=dict(type="str", required=True),
                group=dict(type="str"),
                groups=dict(type="list", elements="str", default=[]),
                home=dict(type="path"),
                shell=dict(type="path"),
            ),
            groups=dict(type="list", elements="str", default=[]),
            accounts=dict(type="list", elements="str", default=[]),
            packages=dict(type="bool", default=False),
            space=dict(type="list", elements="path", default=[]),
            folders=dict(type="list", elements="str", default=[]),
        ),
        supports_check_mode=True,
    )
    try:
        result = probe(module)
    except ProbeError as error:
        module.fail_json(msg=str(error))
    module.exit_json(**result)


if __name__ == "__main__":
    main()
