"""The Airflow run harness's pod runner: the chart's own pods, started with Docker inside a converged lab host.

No Kubernetes cluster can run on the test machines, but everything Airflow's pods need can: this takes the manifests
that the real helm renders from the airflow role's values, and the Secrets and ConfigMaps the role creates, and starts
each workload's containers with the Docker of a lab host (a Molecule instance: ``docker exec <host> docker ...``):

- each pod is a sandbox container on minikube's network (``minikube``: 192.168.49.0/24, the host at 192.168.49.1 as
  ``host.minikube.internal``), named and reachable as the pod and as every Service that selects it; its containers
  join the sandbox's network namespace, as a pod's containers share one;
- the same command, args and env as the pod spec, with ``secretKeyRef``/``configMapKeyRef``/``fieldRef`` resolved and
  ``$(VAR)`` expanded as the kubelet does it;
- Secret and ConfigMap volumes as files, each claim as the host folder that minikube's bind mount gives it (the caller
  passes the chain's result: claim name -> host folder), ``emptyDir`` as a tmpfs volume that the pod's containers share;
- Jobs first (all at once, retried with the Job controller's back-off up to backoffLimit), then the Deployments and
  StatefulSets, whose init containers run one after the other before the pod's containers; startup and readiness
  probes are waited for, and liveness probes run once the pod is ready.

A field it does not understand stops it before anything starts (``Unsupported``): it never ignores one. The fields that
have no effect on one machine with no API access are listed in ``NO_EFFECT`` with the reason.

Product code never knows about it. Usage (the verify calls it; see molecule/shared/airflow-run.yml):
    pods.py up --host H --manifests m.yaml --objects objects.json --claims claims.json --image SRC=DEST ...
               [--skip WORKLOAD=REASON ...] [--report report.json]
    pods.py stop --host H POD        (what a node failure does to one pod: its containers stop)
    pods.py down --host H            (every container, volume and file of the harness, and the network)
"""

import argparse
import base64
import io
import json
import re
import shlex
import subprocess
import sys
import tarfile
import threading
import time

import yaml

LABEL = "airflow-lab.run"
NETWORK = "minikube"
SUBNET = "192.168.49.0/24"
GATEWAY = "192.168.49.1"
FILES = "/var/lib/airflow-run"
NODE_NAME = "minikube"
# How often a failing init container is run before the pod counts as failed (the kubelet retries for ever; a test
# cannot wait for ever).
INIT_ATTEMPTS = 5


class Unsupported(Exception):
    """A manifest field this runner cannot honour: the run stops before any container starts."""


class RunFailed(Exception):
    """A Job that did not complete, or a pod that did not become ready."""


# Fields that change nothing when every pod runs on one machine with no API server to talk to (each with the reason).
NO_EFFECT = {
    "affinity": "one node: every pod lands on it",
    "nodeSelector": "one node",
    "tolerations": "one node, no taints",
    "topologySpreadConstraints": "one node",
    "priorityClassName": "nothing is evicted here",
    "schedulerName": "no scheduler: every pod starts",
    "serviceAccountName": "no API server: the account's token reaches nothing",
    "automountServiceAccountToken": "no API server",
    "imagePullSecrets": "the images are loaded, never pulled",
    "terminationGracePeriodSeconds": None,  # used: docker stop's timeout
    "restartPolicy": None,  # used
    "enableServiceLinks": None,  # checked: only false (no service variables) is honoured
    "securityContext": None,  # used
    "containers": None,
    "initContainers": None,
    "volumes": None,
    "dnsPolicy": None,  # checked: ClusterFirst only
}
WORKLOAD_FIELDS = {
    "Deployment": {"replicas", "selector", "template", "strategy", "revisionHistoryLimit", "minReadySeconds",
                   "progressDeadlineSeconds"},
    "StatefulSet": {"replicas", "selector", "template", "serviceName", "podManagementPolicy", "updateStrategy",
                    "revisionHistoryLimit", "persistentVolumeClaimRetentionPolicy", "volumeClaimTemplates"},
    "Job": {"template", "backoffLimit", "ttlSecondsAfterFinished", "activeDeadlineSeconds", "completions",
            "parallelism"},
}
CONTAINER_FIELDS = {"name", "image", "imagePullPolicy", "command", "args", "env", "envFrom", "ports", "volumeMounts",
                    "securityContext", "resources", "livenessProbe", "readinessProbe", "startupProbe", "workingDir",
                    "terminationMessagePath", "terminationMessagePolicy"}
PROBE_FIELDS = {"exec", "httpGet", "initialDelaySeconds", "periodSeconds", "timeoutSeconds", "failureThreshold",
                "successThreshold"}
POD_SECURITY_FIELDS = {"runAsUser", "runAsGroup", "fsGroup", "runAsNonRoot", "fsGroupChangePolicy"}
CONTAINER_SECURITY_FIELDS = {"runAsUser", "runAsGroup", "runAsNonRoot", "allowPrivilegeEscalation", "capabilities",
                             "readOnlyRootFilesystem", "privileged"}
VOLUME_KINDS = {"configMap", "secret", "persistentVolumeClaim", "emptyDir"}
MOUNT_FIELDS = {"name", "mountPath", "readOnly", "subPath"}
ENV_REF = re.compile(r"\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)")


def _check_fields(obj, allowed, where):
    unknown = sorted(set(obj) - set(allowed))
    if unknown:
        raise Unsupported("{0}: field(s) {1} not understood by the pod runner".format(where, ", ".join(unknown)))


def expand(text, env):
    """The kubelet's $(VAR) expansion (k8s.io/kubernetes third_party/forked/golang/expansion): $(NAME) is replaced by
    NAME's value when NAME is defined, kept as it is when not; $$ is a literal $."""
    out = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "$" and i + 1 < len(text):
            nxt = text[i + 1]
            if nxt == "$":
                out.append("$")
                i += 2
                continue
            if nxt == "(":
                end = text.find(")", i + 2)
                if end != -1:
                    name = text[i + 2:end]
                    if name in env:
                        out.append(env[name])
                    else:
                        out.append(text[i:end + 1])
                    i = end + 1
                    continue
        out.append(char)
        i += 1
    return "".join(out)


def index_objects(manifests, extra):
    """{('Secret'|'ConfigMap', name): {key: text}} from the rendered manifests and the role's own objects
    (extra: [{'kind', 'name', 'data'}], data as text)."""
    objects = {}
    for doc in manifests:
        if doc["kind"] == "Secret":
            data = {k: base64.b64decode(v).decode("utf-8") for k, v in (doc.get("data") or {}).items()}
            data.update(doc.get("stringData") or {})
            objects[("Secret", doc["metadata"]["name"])] = data
        elif doc["kind"] == "ConfigMap":
            objects[("ConfigMap", doc["metadata"]["name"])] = dict(doc.get("data") or {})
    for obj in extra:
        objects[(obj["kind"], obj["name"])] = {k: str(v) for k, v in obj["data"].items()}
    return objects


def _lookup(objects, kind, ref, where):
    name = ref["name"]
    if (kind, name) not in objects:
        if ref.get("optional"):
            return None
        raise RunFailed("{0}: {1} {2} does not exist (the pod would stay in CreateContainerConfigError)".format(
            where, kind, name))
    data = objects[(kind, name)]
    if "key" in ref:
        if ref["key"] not in data:
            if ref.get("optional"):
                return None
            raise RunFailed("{0}: {1} {2} has no key {3}".format(where, kind, name, ref["key"]))
        return data[ref["key"]]
    return data


def resolve_env(container, objects, pod, where):
    """The container's environment as the kubelet makes it: envFrom first, then env in order, each value expanded
    with the variables defined before it."""
    env = {}
    for source in container.get("envFrom") or []:
        _check_fields(source, {"configMapRef", "secretRef", "prefix"}, where + ".envFrom")
        kind, ref = ("ConfigMap", source["configMapRef"]) if "configMapRef" in source else ("Secret", source["secretRef"])
        data = _lookup(objects, kind, ref, where) or {}
        for key, value in data.items():
            env[source.get("prefix", "") + key] = value
    for item in container.get("env") or []:
        _check_fields(item, {"name", "value", "valueFrom"}, where + ".env")
        if "valueFrom" in item:
            source = item["valueFrom"]
            _check_fields(source, {"secretKeyRef", "configMapKeyRef", "fieldRef"}, where + ".env.valueFrom")
            if "secretKeyRef" in source:
                value = _lookup(objects, "Secret", source["secretKeyRef"], where + " env " + item["name"])
            elif "configMapKeyRef" in source:
                value = _lookup(objects, "ConfigMap", source["configMapKeyRef"], where + " env " + item["name"])
            else:
                value = _field_ref(source["fieldRef"], pod, where)
            if value is None:
                continue
        else:
            value = expand(str(item.get("value", "")), env)
        env[item["name"]] = value
    return env


def _field_ref(ref, pod, where):
    fields = {"metadata.name": pod["name"], "metadata.namespace": pod["namespace"], "spec.nodeName": NODE_NAME,
              "spec.serviceAccountName": pod["spec"].get("serviceAccountName", "default")}
    path = ref["fieldPath"]
    if path not in fields:
        raise Unsupported("{0}: fieldRef {1} not understood by the pod runner".format(where, path))
    return fields[path]


def _user(pod_security, container_security, where):
    user = container_security.get("runAsUser", pod_security.get("runAsUser"))
    group = container_security.get("runAsGroup", pod_security.get("runAsGroup"))
    non_root = container_security.get("runAsNonRoot", pod_security.get("runAsNonRoot"))
    if user is None:
        return None
    if non_root and int(user) == 0:
        raise RunFailed("{0}: runAsNonRoot with runAsUser 0".format(where))
    # Kubernetes: with runAsUser and no runAsGroup, the primary group is root (0).
    return "{0}:{1}".format(int(user), int(group) if group is not None else 0)


def _probe(probe, container, where):
    _check_fields(probe, PROBE_FIELDS, where)
    if "exec" in probe:
        action = {"exec": list(probe["exec"]["command"])}
    elif "httpGet" in probe:
        get = probe["httpGet"]
        _check_fields(get, {"path", "port", "scheme", "httpHeaders"}, where + ".httpGet")
        port = get["port"]
        if not isinstance(port, int):
            named = [p["containerPort"] for p in container.get("ports") or [] if p.get("name") == port]
            if not named:
                raise RunFailed("{0}: the probe's port {1} is not a port of the container".format(where, port))
            port = named[0]
        if get.get("httpHeaders"):
            raise Unsupported("{0}: httpGet.httpHeaders".format(where))
        action = {"http": "{0}://127.0.0.1:{1}{2}".format(get.get("scheme", "HTTP").lower(), port, get.get("path", "/"))}
    else:
        raise Unsupported("{0}: a probe other than exec or httpGet".format(where))
    # Kubernetes' defaults (core/v1 Probe).
    return dict(action, initial=probe.get("initialDelaySeconds", 0), period=probe.get("periodSeconds", 10),
                timeout=probe.get("timeoutSeconds", 1), failures=probe.get("failureThreshold", 3))


def plan_pod(pod, objects, claims, images):
    """What to start for one pod (pod: {name, namespace, labels, spec, aliases, kind}): the sandbox, the pod's
    volumes (files to write, tmpfs volumes, binds) and each container's docker run arguments. Pure: raises
    Unsupported for a field it does not understand and RunFailed for a reference that does not resolve."""
    spec = pod["spec"]
    where = "{0} {1}".format(pod["kind"], pod["name"])
    for key in spec:
        if key not in NO_EFFECT:
            raise Unsupported("{0}: pod field {1} not understood by the pod runner".format(where, key))
    if spec.get("enableServiceLinks", True):
        raise Unsupported("{0}: enableServiceLinks (service environment variables) is not made by the pod runner".format(where))
    if spec.get("dnsPolicy", "ClusterFirst") != "ClusterFirst":
        raise Unsupported("{0}: dnsPolicy {1}".format(where, spec["dnsPolicy"]))
    pod_security = spec.get("securityContext") or {}
    _check_fields(pod_security, POD_SECURITY_FIELDS, where + ".securityContext")
    files = {}
    tmpfs = []
    sources = {}
    for volume in spec.get("volumes") or []:
        name = volume["name"]
        kinds = set(volume) - {"name"}
        if len(kinds) != 1 or not kinds <= VOLUME_KINDS:
            raise Unsupported("{0}: volume {1} of kind {2}".format(where, name, ", ".join(sorted(kinds))))
        kind = kinds.pop()
        source = volume[kind]
        base = "{0}/{1}/{2}".format(FILES, pod["name"], name)
        if kind in ("configMap", "secret"):
            _check_fields(source, {"name", "secretName", "items", "defaultMode", "optional"}, where + " volume " + name)
            ref = {"name": source.get("name", source.get("secretName")), "optional": source.get("optional", False)}
            data = _lookup(objects, "ConfigMap" if kind == "configMap" else "Secret", ref, where + " volume " + name) or {}
            mode = source.get("defaultMode", 0o644)
            items = source.get("items") or [{"key": key, "path": key} for key in data]
            for item in items:
                _check_fields(item, {"key", "path", "mode"}, where + " volume " + name + " items")
                if item["key"] not in data:
                    raise RunFailed("{0}: volume {1} has no key {2}".format(where, name, item["key"]))
                files[base + "/" + item["path"]] = (data[item["key"]], item.get("mode", mode))
            sources[name] = ("dir", base)
        elif kind == "persistentVolumeClaim":
            _check_fields(source, {"claimName", "readOnly"}, where + " volume " + name)
            if source["claimName"] not in claims:
                raise RunFailed("{0}: claim {1} is not one of the lab's (the pod would stay Pending)".format(
                    where, source["claimName"]))
            sources[name] = ("claim", claims[source["claimName"]])
        else:
            _check_fields(source, {"medium", "sizeLimit"}, where + " volume " + name)
            volume_name = "{0}--{1}".format(pod["name"], name)
            tmpfs.append(volume_name)
            sources[name] = ("volume", volume_name)
    containers = []
    for role, specs in (("init", spec.get("initContainers") or []), ("main", spec["containers"])):
        for container in specs:
            containers.append(dict(_plan_container(pod, container, objects, images, sources, pod_security,
                                                   "{0} container {1}".format(where, container["name"])), role=role))
    return {"name": pod["name"], "kind": pod["kind"], "workload": pod["workload"], "labels": pod["labels"],
            "aliases": pod["aliases"], "files": files, "tmpfs": tmpfs, "containers": containers,
            "restart": spec.get("restartPolicy", "Always"), "grace": spec.get("terminationGracePeriodSeconds", 30),
            "groups": [str(pod_security["fsGroup"])] if "fsGroup" in pod_security else []}


def _plan_container(pod, container, objects, images, sources, pod_security, where):
    _check_fields(container, CONTAINER_FIELDS, where)
    image = container["image"]
    if image not in images:
        raise Unsupported("{0}: image {1} is not one the harness has (--image)".format(where, image))
    if container.get("imagePullPolicy", "IfNotPresent") == "Always":
        raise Unsupported("{0}: imagePullPolicy Always (nothing can be pulled here)".format(where))
    security = container.get("securityContext") or {}
    _check_fields(security, CONTAINER_SECURITY_FIELDS, where + ".securityContext")
    if security.get("privileged"):
        raise Unsupported("{0}: privileged".format(where))
    env = resolve_env(container, objects, pod, where)
    argv = []
    user = _user(pod_security, security, where)
    if user:
        argv += ["--user", user]
    if security.get("allowPrivilegeEscalation") is False:
        argv += ["--security-opt", "no-new-privileges"]
    caps = security.get("capabilities") or {}
    _check_fields(caps, {"add", "drop"}, where + ".capabilities")
    for cap in caps.get("drop") or []:
        argv += ["--cap-drop", cap]
    for cap in caps.get("add") or []:
        argv += ["--cap-add", cap]
    if security.get("readOnlyRootFilesystem"):
        argv += ["--read-only"]
    resources = container.get("resources") or {}
    _check_fields(resources, {"limits", "requests"}, where + ".resources")
    limits = resources.get("limits") or {}
    _check_fields(limits, {"cpu", "memory"}, where + ".resources.limits")
    if "memory" in limits:
        argv += ["--memory", str(quantity_bytes(limits["memory"]))]
    if "cpu" in limits:
        argv += ["--cpus", str(quantity_cpus(limits["cpu"]))]
    if container.get("workingDir"):
        argv += ["--workdir", container["workingDir"]]
    for mount in container.get("volumeMounts") or []:
        _check_fields(mount, MOUNT_FIELDS, where + ".volumeMounts")
        if mount["name"] not in sources:
            raise RunFailed("{0}: mounts volume {1}, which the pod does not have".format(where, mount["name"]))
        kind, source = sources[mount["name"]]
        if kind == "volume":
            if mount.get("subPath"):
                raise Unsupported("{0}: subPath of an emptyDir".format(where))
            src = source
        else:
            src = source + ("/" + mount["subPath"] if mount.get("subPath") else "")
        if ":" in src or ":" in mount["mountPath"]:
            raise Unsupported("{0}: a ':' in a mount's path ({1})".format(where, src))
        argv += ["-v", "{0}:{1}{2}".format(src, mount["mountPath"], ":ro" if mount.get("readOnly") else "")]
    for name, value in env.items():
        argv += ["-e", "{0}={1}".format(name, value)]
    command = [expand(str(part), env) for part in container.get("command") or []]
    args = [expand(str(part), env) for part in container.get("args") or []]
    probes = {}
    for kind in ("startupProbe", "readinessProbe", "livenessProbe"):
        if kind in container:
            probes[kind] = _probe(container[kind], container, where + "." + kind)
    return {"name": container["name"], "image": images[image], "options": argv, "command": command, "args": args,
            "probes": probes}


def quantity_bytes(text):
    """A Kubernetes memory quantity in bytes (apimachinery resource.Quantity's suffixes)."""
    match = re.fullmatch(r"([0-9.]+)(Ki|Mi|Gi|Ti|k|M|G|T)?", str(text))
    if not match:
        raise Unsupported("memory quantity {0}".format(text))
    factor = {"Ki": 1024, "Mi": 1024 ** 2, "Gi": 1024 ** 3, "Ti": 1024 ** 4, "k": 1000, "M": 1000 ** 2,
              "G": 1000 ** 3, "T": 1000 ** 4, None: 1}[match.group(2)]
    return int(float(match.group(1)) * factor)


def quantity_cpus(text):
    text = str(text)
    return int(text[:-1]) / 1000.0 if text.endswith("m") else float(text)


def pods_of(manifests, skip, namespace="default"):
    """The pods the workloads make, in the order they start: Jobs, then Deployments and StatefulSets, each with the
    names Kubernetes gives (StatefulSet: <name>-<ordinal>), its labels and the names it answers to (itself, and each
    Service whose selector matches it, in the forms the cluster's DNS serves)."""
    services = [doc for doc in manifests if doc["kind"] == "Service"]
    pods = []
    skipped = []
    for doc in manifests:
        kind = doc["kind"]
        if kind not in WORKLOAD_FIELDS:
            if kind in ("CronJob", "DaemonSet", "ReplicaSet", "Pod"):
                raise Unsupported("{0} {1}: a workload kind the pod runner does not run".format(kind, doc["metadata"]["name"]))
            continue
        name = doc["metadata"]["name"]
        pod_namespace = doc["metadata"].get("namespace", namespace)
        if name in skip:
            skipped.append({"workload": name, "why": skip[name]})
            continue
        spec = doc["spec"]
        _check_fields(spec, WORKLOAD_FIELDS[kind], "{0} {1}".format(kind, name))
        if spec.get("volumeClaimTemplates"):
            raise Unsupported("StatefulSet {0}: volumeClaimTemplates (a claim per pod)".format(name))
        template = spec["template"]
        labels = template["metadata"].get("labels") or {}
        replicas = 1 if kind == "Job" else spec.get("replicas", 1)
        for ordinal in range(replicas):
            pod_name = {"StatefulSet": "{0}-{1}", "Deployment": "{0}-pod-{1}", "Job": "{0}-{1}"}[kind].format(name, ordinal)
            aliases = [pod_name]
            if kind == "StatefulSet" and spec.get("serviceName"):
                aliases += _dns_names("{0}.{1}".format(pod_name, spec["serviceName"]), pod_namespace)
            for service in services:
                selector = service["spec"].get("selector") or {}
                if selector and all(labels.get(k) == v for k, v in selector.items()):
                    _check_service(service, template["spec"])
                    aliases += _dns_names(service["metadata"]["name"], pod_namespace)
            pods.append({"name": pod_name, "namespace": pod_namespace, "kind": kind, "workload": name, "labels": labels,
                         "spec": template["spec"], "aliases": aliases,
                         "backoff_limit": spec.get("backoffLimit", 6) if kind == "Job" else None})
    return pods, skipped


def _dns_names(name, namespace):
    return [name, "{0}.{1}".format(name, namespace), "{0}.{1}.svc".format(name, namespace),
            "{0}.{1}.svc.cluster.local".format(name, namespace)]


def _check_service(service, pod_spec):
    """A Service reaches its pods at their own ports here (no kube-proxy): its port must be the target port."""
    ports = {p.get("name"): p["containerPort"] for c in pod_spec["containers"] for p in c.get("ports") or []}
    for port in service["spec"].get("ports") or []:
        target = port.get("targetPort", port["port"])
        if not isinstance(target, int):
            target = ports.get(target, target)
        if target != port["port"]:
            raise Unsupported("Service {0}: port {1} forwards to {2}; the pod runner has no kube-proxy to map it".format(
                service["metadata"]["name"], port["port"], target))


class Host:
    """The lab host's Docker, from the test machine: docker exec <host> docker ..."""

    def __init__(self, host, log=None):
        self.host = host
        self.log = log or sys.stderr

    def run(self, argv, check=True, stdin=None, timeout=600):
        proc = subprocess.run(["docker", "exec", "-i", self.host] + argv, input=stdin, capture_output=True,
                              timeout=timeout, check=False)
        if check and proc.returncode != 0:
            raise RunFailed("on {0}: {1} failed ({2}): {3}".format(
                self.host, " ".join(shlex.quote(a) for a in argv[:6]), proc.returncode,
                proc.stderr.decode("utf-8", "replace")[-2000:]))
        return proc

    def docker(self, argv, **kwargs):
        return self.run(["docker"] + argv, **kwargs)

    def say(self, text):
        print("pods: " + text, file=self.log, flush=True)


def ensure_network(host):
    found = host.docker(["network", "inspect", NETWORK], check=False)
    if found.returncode == 0:
        config = json.loads(found.stdout)[0]["IPAM"]["Config"]
        if not any(c.get("Subnet") == SUBNET and c.get("Gateway") == GATEWAY for c in config):
            raise RunFailed("network {0} exists with another subnet: {1}".format(NETWORK, config))
        return
    host.docker(["network", "create", "--driver", "bridge", "--subnet", SUBNET, "--gateway", GATEWAY,
                 "--label", LABEL + "=1", NETWORK])


def write_files(host, files):
    """Secret and ConfigMap volumes as files (a tar through docker exec, modes as the volume says)."""
    if not files:
        return
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for path, (text, mode) in sorted(files.items()):
            data = text.encode("utf-8")
            info = tarfile.TarInfo(path.lstrip("/"))
            info.size = len(data)
            info.mode = mode
            tar.addfile(info, io.BytesIO(data))
    host.run(["tar", "-x", "-C", "/", "--no-same-owner"], stdin=buffer.getvalue())


def start_sandbox(host, pod, image):
    argv = ["run", "-d", "--name", pod["name"], "--hostname", pod["name"][:63], "--network", NETWORK,
            "--add-host", "host.minikube.internal:" + GATEWAY, "--label", LABEL + "=1",
            "--label", LABEL + ".pod=" + pod["name"], "--entrypoint", "sleep"]
    for alias in pod["aliases"]:
        argv += ["--network-alias", alias]
    host.docker(argv + [image, "infinity"])
    for volume in pod["tmpfs"]:
        host.docker(["volume", "create", "--driver", "local", "--opt", "type=tmpfs", "--opt", "device=tmpfs",
                     "--opt", "o=mode=0777", "--label", LABEL + "=1", volume])


def container_argv(pod, container, detach, restart):
    argv = ["run", "--name", "{0}--{1}".format(pod["name"], container["name"]), "--network", "container:" + pod["name"],
            "--label", LABEL + "=1", "--label", LABEL + ".pod=" + pod["name"], "--pull", "never", "--init"]
    for group in pod["groups"]:
        argv += ["--group-add", group]
    if detach:
        argv += ["-d"]
    if restart:
        argv += ["--restart", restart]
    argv += container["options"]
    if container["command"]:
        argv += ["--entrypoint", container["command"][0], container["image"]] + container["command"][1:]
    else:
        argv += [container["image"]]
    return argv + container["args"]


def run_to_end(host, pod, container, timeout=900):
    """One container run to its end (an init container, or a Job's); its output on failure."""
    name = "{0}--{1}".format(pod["name"], container["name"])
    host.docker(["rm", "-f", name], check=False)
    proc = host.docker(container_argv(pod, container, detach=False, restart=None), check=False, timeout=timeout)
    logs = (proc.stdout + proc.stderr).decode("utf-8", "replace")
    return proc.returncode, logs


def run_job(host, pod, results):
    """A Job's pod: its containers to completion, retried with the Job controller's back-off (10 s, doubled each
    time, at most 6 minutes) up to backoffLimit."""
    delay = 10
    for attempt in range(pod_backoff(pod) + 1):
        failed = None
        for container in pod["containers"]:
            code, logs = run_to_end(host, pod, container)
            if code != 0:
                failed = (container["name"], code, logs)
                break
        if failed is None:
            results[pod["name"]] = {"ok": True, "attempts": attempt + 1}
            host.say("Job pod {0} completed (attempt {1})".format(pod["name"], attempt + 1))
            return
        host.say("Job pod {0}: container {1} exited {2} (attempt {3})".format(pod["name"], failed[0], failed[1], attempt + 1))
        time.sleep(delay)
        delay = min(delay * 2, 360)
    results[pod["name"]] = {"ok": False, "container": failed[0], "code": failed[1], "logs": failed[2][-4000:]}


def pod_backoff(pod):
    return pod.get("backoff_limit") if pod.get("backoff_limit") is not None else 6


def start_pod(host, pod, results):
    """Init containers one after the other (each to its end; a failed one is run again with the kubelet's back-off,
    10 s doubled each time, unless restartPolicy is Never), then the pod's containers."""
    for container in [c for c in pod["containers"] if c["role"] == "init"]:
        delay = 10
        for attempt in range(INIT_ATTEMPTS):
            code, logs = run_to_end(host, pod, container)
            if code == 0:
                break
            host.say("pod {0}: init container {1} exited {2} (attempt {3})".format(
                pod["name"], container["name"], code, attempt + 1))
            if pod["restart"] == "Never" or attempt + 1 == INIT_ATTEMPTS:
                results[pod["name"]] = {
                    "ok": False, "container": container["name"], "code": code, "logs": logs[-4000:]}
                return
            time.sleep(delay)
            delay = min(delay * 2, 300)
    restart = {"Always": "always", "OnFailure": "on-failure", "Never": None}[pod["restart"]]
    for container in [c for c in pod["containers"] if c["role"] == "main"]:
        host.docker(container_argv(pod, container, detach=True, restart=restart))
    results[pod["name"]] = {"ok": True}


def probe_once(host, pod, container, probe):
    name = "{0}--{1}".format(pod["name"], container["name"])
    if "exec" in probe:
        argv = ["exec", name] + probe["exec"]
    else:
        argv = ["exec", name, "python3", "-c",
                "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=float(sys.argv[2]))",
                probe["http"], str(probe["timeout"])]
    try:
        proc = host.docker(argv, check=False, timeout=probe["timeout"] + 30)
    except subprocess.TimeoutExpired:
        return False, "timed out"
    return proc.returncode == 0, (proc.stdout + proc.stderr).decode("utf-8", "replace")[-1000:]


def wait_ready(host, pod, deadline):
    """The pod's startup probes, then its readiness probes, as the kubelet runs them; then each liveness probe once."""
    for kind in ("startupProbe", "readinessProbe", "livenessProbe"):
        for container in [c for c in pod["containers"] if c["role"] == "main" and kind in c["probes"]]:
            probe = container["probes"][kind]
            time.sleep(probe["initial"] if kind != "livenessProbe" else 0)
            while True:
                ok, output = probe_once(host, pod, container, probe)
                if ok:
                    break
                if kind == "livenessProbe" or time.time() > deadline:
                    state = host.docker(["inspect", "-f", "{{.State.Status}} {{.State.ExitCode}} restarts={{.RestartCount}}",
                                         "{0}--{1}".format(pod["name"], container["name"])], check=False)
                    logs = host.docker(["logs", "--tail", "60", "{0}--{1}".format(pod["name"], container["name"])],
                                       check=False)
                    raise RunFailed("pod {0} container {1}: {2} failed ({3}); state {4}; last output: {5}\n{6}".format(
                        pod["name"], container["name"], kind, output.strip()[-500:], state.stdout.decode().strip(),
                        logs.stdout.decode("utf-8", "replace")[-3000:], logs.stderr.decode("utf-8", "replace")[-3000:]))
                time.sleep(min(probe["period"], 5))


def _parallel(function, items, *args):
    results = {}
    threads = [threading.Thread(target=function, args=(args[0], item, results) + args[1:]) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def up(host, manifests, extra_objects, claims, images, skip, timeout, namespace="default"):
    """Plan every pod (stops on the first field it cannot honour, before anything starts), then run the Jobs, then
    start the other workloads and wait until every pod is ready. Returns the report."""
    objects = index_objects(manifests, extra_objects)
    pods, skipped = pods_of(manifests, skip, namespace)
    plans = [dict(plan_pod(pod, objects, claims, images), backoff_limit=pod["backoff_limit"]) for pod in pods]
    for entry in skipped:
        host.say("NOT RUN: {0}: {1}".format(entry["workload"], entry["why"]))
    # What an interrupted run left behind goes first (the pods' names are fixed).
    down(host)
    ensure_network(host)
    sandbox_image = next(iter(images.values()))
    for plan in plans:
        write_files(host, plan["files"])
        start_sandbox(host, plan, sandbox_image)
    jobs = [p for p in plans if p["kind"] == "Job"]
    started = time.time()
    results = _parallel(run_job, jobs, host)
    failed = {name: r for name, r in results.items() if not r["ok"]}
    if failed:
        raise RunFailed("Job pods failed: " + json.dumps(failed, indent=1))
    host.say("Jobs done in {0:.0f} s".format(time.time() - started))
    others = [p for p in plans if p["kind"] != "Job"]
    results = _parallel(start_pod, others, host)
    failed = {name: r for name, r in results.items() if not r["ok"]}
    if failed:
        raise RunFailed("pods failed to start: " + json.dumps(failed, indent=1))
    deadline = time.time() + timeout
    for plan in others:
        wait_ready(host, plan, deadline)
        host.say("pod {0} ready".format(plan["name"]))
    report = {"pods": {}, "skipped": skipped, "seconds": round(time.time() - started)}
    for plan in plans:
        address = host.docker(["inspect", "-f", "{{(index .NetworkSettings.Networks \"%s\").IPAddress}}" % NETWORK,
                               plan["name"]]).stdout.decode().strip()
        report["pods"][plan["name"]] = {"kind": plan["kind"], "workload": plan["workload"], "address": address,
                                        "component": plan["labels"].get("component", ""),
                                        "containers": [c["name"] for c in plan["containers"] if c["role"] == "main"]}
    return report


def stop(host, pod, grace=30):
    """What a node failure does to a pod: its containers stop (none is started again)."""
    names = host.docker(["ps", "-aq", "--filter", "label={0}.pod={1}".format(LABEL, pod)]).stdout.decode().split()
    for name in names:
        host.docker(["update", "--restart", "no", name], check=False)
    if names:
        host.docker(["stop", "-t", str(grace)] + names)
    return names


def down(host):
    names = host.docker(["ps", "-aq", "--filter", "label=" + LABEL + "=1"]).stdout.decode().split()
    if names:
        host.docker(["rm", "-f", "-v"] + names)
    volumes = host.docker(["volume", "ls", "-q", "--filter", "label=" + LABEL + "=1"]).stdout.decode().split()
    if volumes:
        host.docker(["volume", "rm", "-f"] + volumes)
    host.docker(["network", "rm", NETWORK], check=False)
    host.run(["rm", "-rf", FILES])


def _pairs(items, what):
    result = {}
    for item in items or []:
        if "=" not in item:
            raise SystemExit("{0}: expected KEY=VALUE, got {1}".format(what, item))
        key, value = item.split("=", 1)
        result[key] = value
    return result


def command_line(doc, actions):
    """The command line of pods.py and run.py: one sub-command per action, each on a lab host (--host); returns the
    parser and each action's own parser."""
    parser = argparse.ArgumentParser(description=doc.split("\n", maxsplit=1)[0])
    sub = parser.add_subparsers(dest="action", required=True)
    own = {}
    for action in actions:
        own[action] = sub.add_parser(action)
        own[action].add_argument("--host", required=True)
    return parser, own


def main(argv=None):
    parser, own = command_line(__doc__, ["up", "stop", "down"])
    p_up = own["up"]
    p_up.add_argument("--manifests", required=True)
    p_up.add_argument("--objects", required=True, help="JSON list of {kind, name, data}: the role's own objects")
    p_up.add_argument("--claims", required=True, help="JSON {claim: host folder}")
    p_up.add_argument("--image", action="append", default=[], help="CHART_IMAGE=LOCAL_IMAGE")
    p_up.add_argument("--skip", action="append", default=[], help="WORKLOAD=why it does not run here")
    p_up.add_argument("--namespace", default="default", help="the release's namespace (helm template's -n)")
    p_up.add_argument("--timeout", type=int, default=600)
    p_up.add_argument("--report")
    own["stop"].add_argument("pod")
    return run_cli("pods", parser.parse_args(argv), _act)


def run_cli(name, args, act):
    """The command lines' one edge: act(args), and a failure of the run as one line on stderr and exit code 1."""
    try:
        act(args)
    except (Unsupported, RunFailed) as exc:
        print("{0}: {1}: {2}".format(name, type(exc).__name__, exc), file=sys.stderr)
        return 1
    return 0


def _act(args):
    host = Host(args.host)
    if args.action == "up":
        with open(args.manifests, encoding="utf-8") as handle:
            manifests = [doc for doc in yaml.safe_load_all(handle) if doc]
        with open(args.objects, encoding="utf-8") as handle:
            extra = json.load(handle)
        with open(args.claims, encoding="utf-8") as handle:
            claims = json.load(handle)
        report = up(host, manifests, extra, claims, _pairs(args.image, "--image"), _pairs(args.skip, "--skip"),
                    args.timeout, args.namespace)
        text = json.dumps(report, indent=1, sort_keys=True)
        if args.report:
            with open(args.report, "w", encoding="utf-8") as handle:
                handle.write(text)
        print(text)
    elif args.action == "stop":
        print(json.dumps(stop(host, args.pod)))
    else:
        down(host)


if __name__ == "__main__":
    sys.exit(main())
