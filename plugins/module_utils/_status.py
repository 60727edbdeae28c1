# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dataeng lab maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The room's health, from what the status playbook read on each machine: a colour and the problems in words.

Pure functions. A machine's facts come as a dict (see machine_status); a layer the machine does not have is None and
reads as "not installed", never as a problem.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

GREEN, AMBER, RED = "green", "amber", "red"
_RANK = {GREEN: 0, AMBER: 1, RED: 2}
# Below this many GiB free on the lab folder's disk a machine is amber; below the second, red.
LOW_DISK_GIB, FULL_DISK_GIB = 10.0, 2.0
# The host services, in the order a problem is told.
SERVICES = ("docker", "postgresql", "redis", "minikube")


def unit_states(lines):
    """The lab's services from `systemctl list-units --all --plain --no-legend` lines (UNIT LOAD ACTIVE SUB ...):
    running, stopped, failed or not installed; of several postgresql units (the wrapper and the cluster), the worst."""
    order = {"running": 0, "stopped": 1, "failed": 2}
    states = {}
    for line in lines or []:
        fields = line.split()
        if len(fields) < 4 or fields[1] == "not-found":
            continue
        name = fields[0].split("@")[0].split(".")[0]
        name = "minikube" if name.startswith("minikube-") else name
        if name not in SERVICES:
            continue
        state = {"active": "running", "failed": "failed"}.get(fields[2], "stopped")
        if order[state] >= order.get(states.get(name), -1):
            states[name] = state
    return dict((name, states.get(name, "not installed")) for name in SERVICES)


def free_gib(disks, path):
    """GiB free on the disk that holds path (the mount point that is its longest prefix), or None."""
    best = None
    for disk in disks or []:
        mount = disk.get("mount", "")
        if (path.rstrip("/") + "/").startswith(mount.rstrip("/") + "/") and (
                best is None or len(mount) > len(best.get("mount", ""))):
            best = disk
    return None if best is None else round(best.get("size_available", 0) / 1073741824.0, 1)


def _problem(problems, colour, text):
    problems.append({"colour": colour, "text": text})


def machine_status(facts):
    """The colour of one machine and its problems, worst first (each {"colour", "text"}).

    facts: host, reachable, unreachable_reason, services {name: running | stopped | failed | not installed},
    disk_free_gib, mounts [{name, mounted}], claims [{claim, volume, bound_to_own}], releases [{name, status}],
    pods {namespace: {ready, total}}, airflow_health {ok, detail}; a layer the machine lacks is None or missing.
    """
    problems = []
    if not facts.get("reachable", False):
        reason = re.sub(r"^Task failed: ", "", (facts.get("unreachable_reason") or "no answer").strip())
        _problem(problems, RED, "unreachable: {0}".format(reason))
        return {"colour": RED, "problems": problems}
    if facts.get("error"):
        _problem(problems, RED, facts["error"])
    for name in SERVICES:
        state = (facts.get("services") or {}).get(name, "not installed")
        if state not in ("running", "not installed"):
            _problem(problems, RED, "{0} is {1}".format(name, state))
    free = facts.get("disk_free_gib")
    if free is not None and free < LOW_DISK_GIB:
        _problem(problems, RED if free < FULL_DISK_GIB else AMBER, "only {0:.1f} GiB free on the lab disk".format(free))
    for mount in facts.get("mounts") or []:
        if not mount.get("mounted"):
            _problem(problems, RED, "the {0} folder is not mounted in the node".format(mount.get("name")))
    for claim in facts.get("claims") or []:
        if not claim.get("bound_to_own"):
            _problem(problems, RED, "claim {0} is not bound to its own volume {1}".format(
                claim.get("claim"), claim.get("volume")))
    for release in facts.get("releases") or []:
        if release.get("status") != "deployed":
            _problem(problems, RED, "Helm release {0} is {1}".format(release.get("name"), release.get("status")))
    health = facts.get("airflow_health")
    if health is not None and not health.get("ok"):
        _problem(problems, RED, "the Airflow API does not answer its health check ({0})".format(
            health.get("detail") or "no answer"))
    for namespace, count in sorted((facts.get("pods") or {}).items()):
        if count.get("ready", 0) < count.get("total", 0):
            text = "{0} of {1} pods ready in {2}".format(count.get("ready", 0), count.get("total"), namespace)
            _problem(problems, AMBER, text)
    problems.sort(key=lambda p: -_RANK[p["colour"]])
    colour = problems[0]["colour"] if problems else GREEN
    return {"colour": colour, "problems": problems}


def room_status(machines):
    """One row per machine (its facts, colour, problems and first problem in words), sorted by name, and the count
    per colour."""
    rows = []
    for facts in sorted(machines, key=lambda m: m.get("host", "")):
        facts = dict(facts)
        # What the playbook read as it came (unit lines, disks): the services and the free space.
        if "unit_lines" in facts:
            facts["services"] = unit_states(facts.pop("unit_lines"))
        if "disks" in facts:
            facts["disk_free_gib"] = free_gib(facts.pop("disks"), facts.get("lab_dir", "/"))
        status = machine_status(facts)
        row = dict(facts)
        row.update(status)
        row["first_problem"] = status["problems"][0]["text"] if status["problems"] else "ready"
        rows.append(row)
    counts = dict((colour, sum(1 for row in rows if row["colour"] == colour)) for colour in (GREEN, AMBER, RED))
    return {"machines": rows, "counts": counts}
