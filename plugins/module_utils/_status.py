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


def free_gib(space):
    """GiB free on the disk of the first path that exists, from state_probe's space entries ({exists, free_bytes}) in
    the order asked (the lab folder, then its parent, then /), or None."""
    for entry in space or []:
        if (entry or {}).get("exists") and entry.get("free_bytes") is not None:
            return round(entry["free_bytes"] / 1073741824.0, 1)
    return None


def _message(result):
    return " ".join(str(result.get("msg") or result.get("module_stderr") or "no answer").split())


def _read_failed(result, answer):
    """Whether a module's read failed, also under failed_when: false (which sets failed to false): the module's
    answer (its key that a success always returns) is missing and there is an error message."""
    result = result or {}
    return bool(result.get("failed")) or (answer not in result and bool(
        result.get("msg") or result.get("module_stderr") or result.get("unreachable")))


def release_state(result, name, namespace):
    """One Helm release from kubernetes.core.helm_info's result: an empty dict when there is no such release (the
    layer is not installed; not None, which ansible-core before 2.19 would turn into the text "None"), else its name,
    namespace, status and chart (never its values)."""
    result = result or {}
    if _read_failed(result, "status"):
        return {"name": name, "namespace": namespace, "status": "unreadable", "detail": _message(result)}
    status = result.get("status") or {}
    if not status:
        return {}
    return {"name": name, "namespace": namespace, "status": status.get("status", "unknown"),
            "chart": status.get("chart", ""), "app_version": status.get("app_version", ""),
            "updated": status.get("updated", "")}


def application_states(result):
    """The Argo CD Applications of kubernetes.core.k8s_info's result as release states (the status page shows them in
    the place of the Helm releases Argo CD owns): name, the namespace they deploy to, "<sync>/<health>" as status, and
    "<chart>-<revision>" as chart; never their values. No Application kind (no Argo CD) gives an empty list."""
    result = result or {}
    if result.get("api_found") is False:
        return []
    if _read_failed(result, "resources"):
        return [{"kind": "Application", "name": "of the lab", "namespace": "", "status": "unreadable",
                 "detail": _message(result)}]
    states = []
    for app in result.get("resources") or []:
        spec, status = app.get("spec") or {}, app.get("status") or {}
        source, destination = spec.get("source") or {}, spec.get("destination") or {}
        states.append({"kind": "Application", "name": (app.get("metadata") or {}).get("name", ""),
                       "namespace": destination.get("namespace", ""),
                       "status": "{0}/{1}".format((status.get("sync") or {}).get("status") or "Unknown",
                                                  (status.get("health") or {}).get("status") or "Unknown"),
                       "chart": "{0}-{1}".format(source.get("chart", ""), source.get("targetRevision", "")),
                       "app_version": "", "updated": (status.get("reconciledAt") or "").replace("T", " ").rstrip("Z")})
    return states


def airflow_health(result):
    """Whether the Airflow API answered its health endpoint with every component healthy, from the uri module's
    result: {ok, detail}. A component without a status (a triggerer the lab does not run) does not count."""
    result = result or {}
    body = result.get("json")
    if result.get("status") != 200 or not isinstance(body, dict):
        status = result.get("status")
        return {"ok": False, "detail": "HTTP {0}".format(status) if status and status > 0 else _message(result)}
    sick = sorted(name for name, part in body.items()
                  if isinstance(part, dict) and part.get("status") not in (None, "healthy"))
    return {"ok": not sick, "detail": "unhealthy: " + ", ".join(sick) if sick else "healthy"}


def pod_counts(states):
    """Ready and total pods per namespace from [namespace, ready] pairs."""
    counts = {}
    for namespace, ready in states or []:
        count = counts.setdefault(namespace, {"ready": 0, "total": 0})
        count["total"] += 1
        count["ready"] += 1 if ready else 0
    return counts


def mount_rows(results):
    """One row per host folder from minikube_mount's check-mode results (a loop's results)."""
    rows = []
    for result in results or []:
        item = result.get("item") or {}
        rows.append({"name": item.get("dest", ""), "src": item.get("src", ""), "mounted": bool(result.get("verified")),
                     "method": result.get("method") or "", "detail": _message(result) if _read_failed(result, "unit") else ""})
    return rows


def claim_rows(result):
    """One row per claim from pv_binding's check-mode result; a result without bindings is a failed read."""
    rows = []
    for binding in (result or {}).get("bindings") or []:
        rows.append({"claim": binding.get("claim"), "volume": binding.get("volume"), "bound_to_own": bool(binding.get("ok")),
                     "detail": "; ".join(binding.get("problems") or [])})
    return rows


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
    for text in facts.get("read_errors") or []:
        _problem(problems, RED, text)
    for mount in facts.get("mounts") or []:
        if not mount.get("mounted"):
            _problem(problems, RED, "{0} is not mounted in the node at {1}{2}".format(
                mount.get("src"), mount.get("name"), ": " + mount["detail"] if mount.get("detail") else ""))
    for claim in facts.get("claims") or []:
        if not claim.get("bound_to_own"):
            _problem(problems, RED, "claim {0} is not bound to its own volume {1}".format(
                claim.get("claim"), claim.get("volume")))
    for release in facts.get("releases") or []:
        application = release.get("kind") == "Application"
        if release.get("status") != ("Synced/Healthy" if application else "deployed"):
            _problem(problems, RED, "{0} {1} is {2}{3}".format(
                "Argo CD Application" if application else "Helm release", release.get("name"), release.get("status"),
                ": " + release["detail"] if release.get("detail") else ""))
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


def _truthy(value):
    return value is True or str(value).lower() == "true"


def _read_cluster(facts):
    """Turns what the playbook registered for the cluster and apps layers (module results, pod states) into rows.
    cluster_read false (the machine has no minikube): every layer is None, not installed. A read that failed as a
    whole goes to read_errors."""
    errors = list(facts.get("read_errors") or [])
    if "cluster_read" in facts and not _truthy(facts.pop("cluster_read")):
        for key in ("mount_results", "binding_result", "pod_states"):
            facts.pop(key, None)
        facts.update(mounts=None, claims=None, releases=None, pods=None, airflow_health=None)
        facts["read_errors"] = errors
        return
    if "mount_results" in facts:
        facts["mounts"] = mount_rows(facts.pop("mount_results"))
    if "binding_result" in facts:
        result = facts.pop("binding_result") or {}
        facts["claims"] = claim_rows(result)
        if _read_failed(result, "bindings"):
            errors.append("could not read the claims: {0}".format(_message(result)))
    if "pod_states" in facts:
        facts["pods"] = pod_counts(facts.pop("pod_states"))
    # Airflow's health where it was asked (a deployed release); an empty answer is "not asked".
    if "airflow_health" in facts and not facts["airflow_health"]:
        facts["airflow_health"] = None
    facts["read_errors"] = errors


def room_status(machines, last_converges=None):
    """One row per machine (its facts, colour, problems and first problem in words), sorted by name, and the count
    per colour. last_converges: when each machine last finished a converge (host to time), shown as last_converge."""
    rows = []
    for facts in sorted(machines, key=lambda m: m.get("host", "")):
        facts = dict(facts)
        # What the playbook read as it came (unit lines, space): the services and the free space.
        if "unit_lines" in facts:
            facts["services"] = unit_states(facts.pop("unit_lines"))
        if "space" in facts:
            facts["disk_free_gib"] = free_gib(facts.pop("space"))
        _read_cluster(facts)
        status = machine_status(facts)
        row = dict(facts)
        row.update(status)
        row["first_problem"] = status["problems"][0]["text"] if status["problems"] else "ready"
        row["last_converge"] = (last_converges or {}).get(row.get("host"), row.get("last_converge", ""))
        rows.append(row)
    counts = dict((colour, sum(1 for row in rows if row["colour"] == colour)) for colour in (GREEN, AMBER, RED))
    return {"machines": rows, "counts": counts}
