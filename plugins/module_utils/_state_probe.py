# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dataeng lab maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Decisions of the state_probe module, on plain strings and dicts.

A difference is reported whenever the host is not provably in the wanted state: a task guarded by
the probe may run when it had nothing to do (it then reports ok), never skip when it had.

Note that this module util is **PRIVATE** to the collection. It can have breaking changes at any time.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

# dpkg's Status field of a package that is fully installed.
_INSTALLED = "install ok installed"


class ProbeError(Exception):
    """Something the user must fix; the message says what."""


def normalize_mode(mode, where):
    """'0640' / '640' -> 0o640; anything else is an input error naming where it came from."""
    if mode is None:
        return None
    if isinstance(mode, int) and not isinstance(mode, bool):
        # YAML read an unquoted 0640 as the number 416: that is already the mode.
        if 0 <= mode <= 0o7777:
            return mode
        raise ProbeError("{0}: mode {1} is out of range; write it as an octal string such as '0640'".format(where, mode))
    text = str(mode)
    if not re.match(r"^0?[0-7]{3,4}$", text):
        raise ProbeError(
            "{0}: mode must be an octal string such as '0640' (quote it in YAML), got {1!r}".format(where, mode)
        )
    return int(text, 8)


def line_differs(text, line, regexp):
    """lineinfile's idea of done, strictly: every line matching regexp is exactly line, and one exists."""
    pattern = re.compile(regexp)
    matching = [candidate for candidate in text.splitlines() if pattern.search(candidate)]
    return not matching or any(candidate != line for candidate in matching)


def file_differences(wanted, observed):
    """Reasons the observed path is not the wanted one.

    wanted: path, state (file/directory/absent), checksum (sha1), owner, group, mode (int), line, regexp.
    observed: exists, type (file/directory/other), sha1, owner, group, mode (int), text.
    """
    path = wanted["path"]
    state = wanted.get("state") or "file"
    if state == "absent":
        return ["{0}: exists, should be absent".format(path)] if observed["exists"] else []
    if not observed["exists"]:
        return ["{0}: missing".format(path)]
    if observed["type"] != state:
        return ["{0}: is a {1}, should be a {2}".format(path, observed["type"], state)]
    reasons = []
    if wanted.get("checksum") and observed.get("sha1") != wanted["checksum"]:
        reasons.append("{0}: content differs".format(path))
    if wanted.get("line") is not None and line_differs(observed.get("text") or "", wanted["line"], wanted["regexp"]):
        reasons.append("{0}: lacks the line {1!r}".format(path, wanted["line"]))
    for key in ("owner", "group"):
        if wanted.get(key) and observed.get(key) != wanted[key]:
            reasons.append("{0}: {1} is {2}, should be {3}".format(path, key, observed.get(key), wanted[key]))
    if wanted.get("mode") is not None and observed.get("mode") != wanted["mode"]:
        reasons.append("{0}: mode is {1:04o}, should be {2:04o}".format(path, observed.get("mode") or 0, wanted["mode"]))
    return reasons


def parse_systemctl_show(text):
    """Blocks of `systemctl show -p Id,... unit...` -> {Id: {property: value}}."""
    units = {}
    for block in re.split(r"\n\s*\n", text.strip()):
        props = dict(line.split("=", 1) for line in block.splitlines() if "=" in line)
        if props.get("Id"):
            units[props["Id"]] = props
    return units


def unit_key(name):
    """systemctl show names a unit by its full id: docker -> docker.service."""
    return name if re.search(r"\.[a-z]+$", name) else name + ".service"


def unit_differences(wanted, props):
    """Reasons a unit is not in the wanted state. Only 'enabled' counts as enabled, the strictest reading."""
    name = wanted["name"]
    if not props or props.get("LoadState") != "loaded":
        return ["{0}: not loaded ({1})".format(name, (props or {}).get("LoadState", "unknown"))]
    reasons = []
    if props.get("NeedDaemonReload") == "yes":
        reasons.append("{0}: its unit file changed since systemd loaded it".format(name))
    active = props.get("ActiveState")
    if wanted.get("active") is True and active != "active":
        reasons.append("{0}: {1}, should be active".format(name, active))
    if wanted.get("active") is False and active not in ("inactive", "failed"):
        reasons.append("{0}: {1}, should be stopped".format(name, active))
    enabled = props.get("UnitFileState")
    if wanted.get("enabled") is True and enabled != "enabled":
        reasons.append("{0}: {1}, should be enabled".format(name, enabled or "no unit file state"))
    if wanted.get("enabled") is False and enabled not in ("disabled", "masked"):
        reasons.append("{0}: {1}, should be disabled".format(name, enabled or "no unit file state"))
    return reasons


def parse_sysctl_file(text):
    """name = value lines of a sysctl.d file -> {name: value}, the last assignment winning."""
    values = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line[0] in "#;" or "=" not in line:
            continue
        name, value = line.split("=", 1)
        values[name.strip().replace("/", ".")] = value.strip()
    return values


def sysctl_differences(wanted, current, file_values):
    """Reasons a kernel setting is not wanted['value'] now (current) or not kept in its file (file_values)."""
    name = wanted["name"]
    value = " ".join(str(wanted["value"]).split())
    reasons = []
    if current is None or " ".join(current.split()) != value:
        reasons.append("{0}: is {1}, should be {2}".format(name, current, value))
    if wanted.get("file") and file_values.get(name) != value:
        reasons.append("{0}: {1} does not set it to {2}".format(name, wanted["file"], value))
    return reasons


def user_differences(wanted, entry, primary_group, member_of):
    """Reasons an account is not as wanted; entry is the passwd tuple or None, member_of its supplementary groups."""
    name = wanted["name"]
    if entry is None:
        return ["{0}: no such account".format(name)]
    reasons = []
    if wanted.get("group") and primary_group != wanted["group"]:
        reasons.append("{0}: primary group is {1}, should be {2}".format(name, primary_group, wanted["group"]))
    missing = [group for group in wanted.get("groups") or [] if group not in member_of and group != primary_group]
    if missing:
        reasons.append("{0}: not in {1}".format(name, ", ".join(missing)))
    if wanted.get("home") and entry[5] != wanted["home"]:
        reasons.append("{0}: home is {1}, should be {2}".format(name, entry[5], wanted["home"]))
    if wanted.get("shell") and entry[6] != wanted["shell"]:
        reasons.append("{0}: shell is {1}, should be {2}".format(name, entry[6], wanted["shell"]))
    return reasons


def parse_dpkg_status(text):
    """/var/lib/dpkg/status -> {name: [{name, version, arch, source}]}, the shape package_facts gives."""
    packages = {}
    for block in re.split(r"\n\s*\n", text):
        fields = {}
        for line in block.splitlines():
            if line[:1] not in (" ", "\t") and ":" in line:
                key, value = line.split(":", 1)
                fields[key] = value.strip()
        if fields.get("Package") and fields.get("Status") == _INSTALLED:
            packages.setdefault(fields["Package"], []).append(
                {"name": fields["Package"], "version": fields.get("Version", ""), "arch": fields.get("Architecture", ""), "source": "apt"}
            )
    return packages


def diff_text(reasons):
    """The reasons as a diff: what the host has now (before) against the wanted state (after)."""
    if not reasons:
        return None
    return {"before": "".join(reason + "\n" for reason in reasons), "after": "(the wanted state: nothing of the above)\n"}


# The kinds state_probe compares, and the key that names an item of each.
PROBE_KINDS = (("files", "path"), ("units", "name"), ("sysctl", "name"), ("users", "name"), ("groups", None))


def managed_names(managed):
    """Every item a role manages, by kind: what must be treated as differing when no probe ran."""
    if not isinstance(managed, dict):
        raise ProbeError("the managed state must be a dict of files, units, sysctl, users and groups")
    unknown = sorted(set(managed) - set(kind for kind, _key in PROBE_KINDS))
    if unknown:
        raise ProbeError("unknown kinds of managed state: {0}".format(", ".join(unknown)))
    names = {}
    for kind, key in PROBE_KINDS:
        items = managed.get(kind) or []
        names[kind] = [item if key is None else item[key] for item in items]
    return names


def probe_differs(result, managed):
    """What a state_probe run found different; everything managed when it did not run (for example under --tags)."""
    if isinstance(result, dict) and isinstance(result.get("differs"), dict):
        managed_names(managed)
        return dict((kind, list(result["differs"].get(kind, []))) for kind, _key in PROBE_KINDS)
    return managed_names(managed)
