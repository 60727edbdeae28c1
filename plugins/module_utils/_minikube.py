# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dataeng lab maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Decisions of the minikube_mount module, on plain strings and dicts.

Note that this module util is **PRIVATE** to the collection. It can have breaking changes at any time.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import errno
import json
import os
import re

from ansible_collections.dataeng.airflow_lab.plugins.module_utils._units import UnitValueError, systemd_quote, systemd_text


class MinikubeError(Exception):
    """Something the user must fix; the message says what."""


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _open_folder(folder):
    """A descriptor of folder itself: a link in its place (the lab user or a pod may plant one) is refused."""
    try:
        return os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _NOFOLLOW)
    except OSError as err:
        if err.errno in (errno.ELOOP, errno.ENOTDIR):
            raise MinikubeError("{0} is not a folder (a link or a file is in its place): remove it and run again".format(folder))
        raise


def write_probe(folder, name, content):
    """Write folder/name as a new file. The folder is writable by others (the pods write as group 0): a file or a link
    already there is removed first (unlink never follows a link), and the new one is created with O_EXCL and
    O_NOFOLLOW inside the folder's descriptor, so a link planted meanwhile makes it fail instead of being followed."""
    folder_fd = _open_folder(folder)
    try:
        try:
            os.unlink(name, dir_fd=folder_fd)
        except OSError as err:
            if err.errno in (errno.EISDIR, errno.EPERM):
                raise MinikubeError("{0} is a folder: remove it and run again".format(os.path.join(folder, name)))
            if err.errno != errno.ENOENT:
                raise
        fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o644, dir_fd=folder_fd)
        with os.fdopen(fd, "w") as handle:
            handle.write(content)
    finally:
        os.close(folder_fd)


def remove_probe(folder, name):
    """Remove folder/name, whatever it is now (a link is removed, not its target); nothing when it is gone."""
    try:
        folder_fd = _open_folder(folder)
    except MinikubeError:
        return
    try:
        os.unlink(name, dir_fd=folder_fd)
    except OSError as err:
        if err.errno not in (errno.ENOENT, errno.EISDIR, errno.EPERM):
            raise
    finally:
        os.close(folder_fd)


def systemd_escape_path(path):
    """What `systemd-escape --path` prints: /data/dags -> data-dags."""
    path = re.sub("/+", "/", path).strip("/")
    if not path:
        return "-"
    out = []
    for index, char in enumerate(path):
        if char == "/":
            out.append("-")
        elif char.isalnum() or char in ":_" or (char == "." and index > 0):
            out.append(char)
        else:
            out.append("".join("\\x{0:02x}".format(b) for b in char.encode("utf-8")))
    return "".join(out)


def unit_name(profile, dest):
    return "minikube-mount-{0}-{1}.service".format(profile, systemd_escape_path(dest))


def cluster_unit_name(profile):
    return "minikube-{0}.service".format(profile)


def render_unit(params, home):
    """The systemd unit that keeps `minikube mount src:dest` running as the lab user. Every value is quoted for
    systemd (_units.systemd_quote, the lab's one unit-file helper), and a line break is refused."""
    mount = "{0}:{1}".format(params["src"], params["dest"])
    words = [params["minikube_path"], "mount", mount, "--uid", params["uid"], "--gid", params["gid"], "-p", params["profile"]]
    try:
        cluster = systemd_text(params["cluster_unit"] or cluster_unit_name(params["profile"]))
        description = "minikube mount {0} (profile {1})".format(systemd_text(mount), systemd_text(params["profile"]))
        user = systemd_text(params["user"])
        environment = systemd_quote("HOME={0}".format(home), "environment")
        exec_start = " ".join(systemd_quote(word) for word in words)
    except UnitValueError as err:
        raise MinikubeError(str(err))
    lines = [
        "# Managed by dataeng.airflow_lab.minikube_mount",
        "[Unit]",
        "Description={0}".format(description),
        "After={0}".format(cluster),
        "Requires={0}".format(cluster),
        "PartOf={0}".format(cluster),
        "",
        "[Service]",
        "Type=simple",
        "User={0}".format(user),
        "Environment={0}".format(environment),
        "ExecStart={0}".format(exec_start),
        "Restart=always",
        "RestartSec=3",
        "",
        "[Install]",
        "WantedBy=multi-user.target",
        "",
    ]
    return "\n".join(lines)


def parse_status(stdout, rc):
    """`minikube status -o json` -> (running, host state)."""
    try:
        doc = json.loads(stdout.strip().splitlines()[-1]) if stdout.strip() else {}
    except ValueError:
        doc = {}
    if isinstance(doc, list):
        doc = doc[0] if doc else {}
    host = doc.get("Host") or ("Nonexistent" if rc == 85 else "Unknown")
    running = rc == 0 and host == "Running" and doc.get("APIServer", "Running") == "Running"
    return running, host


def parse_findmnt(stdout, dest):
    """`findmnt -n -o TARGET,SOURCE,FSTYPE -T dest` -> {target, source, fstype, method} of the mount that holds
    dest (dest itself with 9p, a parent folder with a bind mount of the lab folder), or None."""
    dest = dest.rstrip("/") or "/"
    for line in stdout.splitlines():
        fields = line.split()
        # The node's root holds every path: a host folder is never mounted there.
        if len(fields) >= 3 and fields[0] != "/" and (dest == fields[0] or dest.startswith(fields[0] + "/")):
            return {"target": fields[0], "source": fields[1], "fstype": fields[2], "method": mount_method(fields[2])}
    return None


def same_entries(node_listing, host_names, ignore=None):
    """Whether `ls -A` in the node (one name a line) lists the names the host folder holds (os.listdir), leaving
    out ignore (the module's probe file, which a concurrent run may have written)."""
    node = set(line for line in node_listing.splitlines() if line and line != ignore)
    return node == set(name for name in host_names if name != ignore)


def mount_method(fstype):
    """How a host folder reaches the node, from the node's file system type: 9p (a `minikube mount` process)
    or bind (the container volume `minikube start --mount` makes with the docker driver)."""
    return "9p" if fstype == "9p" else "bind"


def plan(state, current_unit, wanted_unit, enabled, active):
    """What to do to a mount unit: a list of steps among write, remove, daemon_reload, enable,
    disable, start, restart, stop. With a bind mount (wanted_unit None and state present) no unit is wanted,
    so one left from 9p is removed like with state absent."""
    steps = []
    if state == "absent" or wanted_unit is None:
        if active:
            steps.append("stop")
        if enabled:
            steps.append("disable")
        if current_unit is not None:
            steps.extend(["remove", "daemon_reload"])
        return steps
    changed_unit = current_unit != wanted_unit
    if changed_unit:
        steps.extend(["write", "daemon_reload"])
    if not enabled:
        steps.append("enable")
    if changed_unit and active:
        steps.append("restart")
    elif not active:
        steps.append("start")
    return steps
