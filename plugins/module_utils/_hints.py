# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dataeng lab maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a failed long step says: what failed, helm's own reason, and the one command that shows more.

Pure functions, shared by the filters that the roles call in their rescue sections.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

try:
    from shlex import quote
except ImportError:  # pragma: no cover - Python 2 has no shlex.quote; the collection needs Python 3
    from pipes import quote

_DURATION = re.compile(r"^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m(?!s))?(?:(\d+(?:\.\d+)?)s)?$")

# What helm says, and the command that shows why (checked in order; the first match wins).
_CAUSES = (
    (r"timed out waiting for the condition|context deadline exceeded",
     "its pods did not become ready in time", "pods"),
    (r"cluster unreachable|connection refused|no such host|i/o timeout|Unauthorized|certificate",
     "the cluster did not answer", "cluster"),
    (r"another operation \(install/upgrade/rollback\) is in progress",
     "an earlier install or upgrade of it is still pending", "history"),
)


def duration_seconds(value):
    """Seconds in a duration as helm takes it (Go's 15m, 1h30m, 90s, 10m0s; a bare number is seconds)."""
    text = str(value).strip()
    if re.match(r"^\d+$", text):
        return int(text)
    match = _DURATION.match(text)
    if not text or not match or not any(match.groups()):
        raise ValueError("{0!r} is not a duration such as 15m, 1h30m or 900s".format(value))
    hours, minutes, seconds = (float(part or 0) for part in match.groups())
    return int(hours * 3600 + minutes * 60 + seconds)


def helm_reason(message):
    """Helm's own words from a failed kubernetes.core.helm result: its Error lines, else the message's last line."""
    lines = [line.strip() for line in str(message or "").splitlines() if line.strip()]
    errors = [re.sub(r"^(stderr:\s*)", "", line) for line in lines if re.search(r"(^|stderr:\s*)Error:", line)]
    return " ".join(errors) if errors else (lines[-1] if lines else "no message")


def redact(text, secrets):
    for secret in sorted((s for s in secrets or [] if s), key=len, reverse=True):
        text = text.replace(secret, "********")
    return text


def _kube_args(kubeconfig, context, context_flag):
    args = []
    if kubeconfig:
        args += ["--kubeconfig", quote(kubeconfig)]
    if context:
        args += [context_flag, quote(context)]
    return args


def helm_failure(message, release, namespace, kubeconfig="", context="", user="", secrets=None):
    """One message for a failed Helm release: what failed, why (helm's words, secrets hidden), where to look."""
    reason = helm_reason(message)
    cause, look = "", "status"
    for pattern, words, command in _CAUSES:
        if re.search(pattern, str(message or ""), re.IGNORECASE):
            cause, look = words, command
            break
    kubectl = ["kubectl"] + _kube_args(kubeconfig, context, "--context")
    helm = ["helm"] + _kube_args(kubeconfig, context, "--kube-context")
    command = {
        "pods": kubectl + ["describe", "pods", "--namespace", quote(namespace)],
        "cluster": kubectl + ["cluster-info"],
        "history": helm + ["history", quote(release), "--namespace", quote(namespace)],
        "status": helm + ["status", quote(release), "--namespace", quote(namespace)],
    }[look]
    text = "The Helm release {0} in namespace {1} failed{2}: {3}. To look further{4}: {5}".format(
        release, namespace, " (" + cause + ")" if cause else "", reason.rstrip("."),
        " (as " + user + ")" if user else "", " ".join(command))
    return redact(text, secrets)


# The lines of a service's journal that say why it would not start on its configuration: Redis's "FATAL CONFIG FILE
# ERROR" block (its ">>> 'directive ...'" line and the reason), PostgreSQL's FATAL/LOG lines that pg_ctlcluster echoes,
# the bind errors of either.
_SERVICE_ERROR = re.compile(r"(?i)fatal|error|invalid|bad directive|unrecognized|>>>|could not|cannot|failed listening"
                            r"|aborting|not allowed|out of range|must be")


# The process and time a line starts with: Redis's "<pid>:<role> <day> <month> <year> <time> <level> ", PostgreSQL's
# "<date> <time> <zone> [<pid>] ".
_LOG_PREFIX = re.compile(r"^(\d+:[A-Z] \d{1,2} \w{3} \d{4} [\d:.]+ [#*.-] |\d{4}-\d\d-\d\d [\d:.]+ \w+ \[\d+\] )")
# Where a service names what it refused: Redis quotes the configuration line (>>> 'maxmemory "1x"'), PostgreSQL the
# parameter (invalid value for parameter "max_connections"), and either the call that failed on an address
# (... socket fd00::99:6379: bind: Cannot assign requested address).
_NAMED = r">>> '{word}[ ']|parameter \"{word}\"|: {word}: "


def service_failure(journal, service, variables=None, secrets=None, restored=None, command=""):
    """What to say when a service refused its new configuration: its own error lines (secrets masked), the variables
    they name (`variables` maps a word the service says, such as a directive or a parameter, to the variable behind
    it), whether the previous configuration was put back (`restored`: the files put back; none when there was no
    previous one), and the command that shows more."""
    lines = [_LOG_PREFIX.sub("", line.strip()) for line in redact(str(journal or ""), secrets).splitlines() if line.strip()]
    errors = [line for line in lines if _SERVICE_ERROR.search(line)] or lines[-5:]
    # systemd restarts a failing service (Restart=): each attempt says the same.
    errors = sorted(set(errors), key=errors.index)
    said = " ".join(errors)
    named = [variable for word, variable in sorted((variables or {}).items(), key=lambda item: str(item[1]))
             if re.search(_NAMED.format(word=re.escape(str(word))), said)]
    named = sorted(set(named), key=named.index)
    if restored:
        head = ("{0} refused its new configuration: the previous one ({1}) is back and {0} runs on it again, so "
                "nothing that used it stopped for longer than the restart".format(service, ", ".join(restored)))
    else:
        head = "{0} refused its configuration (there was no previous one to put back)".format(service)
    text = "{0}. {1} said: {2}".format(head, service, " | ".join(errors).rstrip(". ") if errors else "nothing")
    if named:
        text += ". Check {0}".format(", ".join(named))
    if command:
        text += ". To look further: {0}".format(command)
    return text
